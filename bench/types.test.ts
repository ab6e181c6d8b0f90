import assert from "node:assert/strict";
import { test } from "node:test";
import { parseInstantiations, schemaSource, useSource } from "./types-schema.ts";

test("the instantiation count is read from tsc's diagnostics", () => {
  assert.equal(parseInstantiations("Types:  1,234\nInstantiations:   987,654\n"), 987_654);
  assert.equal(parseInstantiations("nothing"), undefined);
});

test("the generated schema chains a foreign key from each model to the one before", () => {
  const s = schemaSource(3, "/x/orm.ts");
  assert.equal((s.match(/= model\(/g) ?? []).length, 3);
  assert.equal((s.match(/foreignKey\(\(\) => M/g) ?? []).length, 2);
  assert.match(useSource(2), /import \{ M0, M1 \} from "\.\/schema\.ts";/);
});
