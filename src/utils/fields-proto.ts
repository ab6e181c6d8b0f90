/**
 * A mark for prototypes whose objects keep their data in own data properties (the prototype
 * holds only methods and accessors), as ORM instances do. A reader that trusts a plain object's
 * own data properties, such as the template engine's attribute fast path, may then trust these
 * objects' too, instead of taking its general look-up for anything that is not a plain object.
 * Set it non-enumerable on the prototype: `Object.defineProperty(proto, FIELDS_PROTO, { value:
 * true })`.
 * @module
 */
export const FIELDS_PROTO: unique symbol = Symbol("flagon.fieldsProto");
