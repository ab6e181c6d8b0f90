import assert from "node:assert/strict";
import { test } from "node:test";
import { median, spread } from "./stats.ts";
import { parseDuration, parseWrk } from "./wrk.ts";

const SAMPLE = `Running 8s test @ http://127.0.0.1:3000/plaintext
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.00us  301.12us  12.50ms   91.02%
    Req/Sec    79.12k     3.01k   84.20k    70.00%
  Latency Distribution
     50%  760.00us
     75%  850.00us
     90%    1.01ms
     99%    2.13ms
  629811 requests in 8.00s, 77.48MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:  78726.38
Transfer/sec:      9.68MB
`;

test("parseWrk reads requests/s, p99, totals and errors", () => {
  assert.deepEqual(parseWrk(SAMPLE), {
    requestsPerSec: 78726.38,
    p99Ms: 2.13,
    requests: 629811,
    socketErrors: 3,
    non2xx: 5,
  });
});

test("parseWrk refuses output without the latency distribution", () => {
  assert.throws(() => parseWrk(SAMPLE.replace(/ {5}99%.*\n/, "")), /unreadable wrk output/);
});

test("parseDuration converts every wrk unit to milliseconds", () => {
  assert.equal(parseDuration("812.00us"), 0.812);
  assert.equal(parseDuration("2.13ms"), 2.13);
  assert.equal(parseDuration("1.50s"), 1500);
  assert.equal(parseDuration("1.00m"), 60_000);
  assert.throws(() => parseDuration("fast"));
});

test("median and spread", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(spread([90, 100, 110]), 0.2);
  assert.equal(spread([5]), 0);
});
