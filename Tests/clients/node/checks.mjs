// What both MSAL Node scripts need: a check that throws with what was expected, and the environment they run with.

export function expect(condition, message) {
  if (!condition) {
    throw new Error(`expected: ${message}`);
  }
}

export function required(names) {
  const values = {};
  for (const name of names) {
    if (!process.env[name]) {
      console.error(`Missing environment variable ${name}`);
      process.exit(2);
    }
    values[name] = process.env[name];
  }
  return values;
}
