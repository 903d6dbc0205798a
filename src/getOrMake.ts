/** A `Map` or `WeakMap`: what `getOrMake` needs of one. */
interface Memo<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value `map` holds for `key`, made by `make` and kept on first use. */
export function getOrMake<K, V>(map: Memo<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
