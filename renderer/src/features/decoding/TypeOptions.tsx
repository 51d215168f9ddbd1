/** Protobuf message types as a select's choices; a type set that the .proto files no longer define stays listed, so it can be seen and changed. */
export function TypeOptions({ types, value, none }: { types: string[]; value: string | undefined; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {value && !types.includes(value) && <option value={value}>{value} (not in the .proto files)</option>}
      {types.map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </>
  );
}
