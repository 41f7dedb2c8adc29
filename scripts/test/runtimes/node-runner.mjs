// Runs the Node bundle of the suite (argv: bundle path, API URL) and prints its result as JSON.
const [bundle, api] = process.argv.slice(2);
const { runSuite } = await import(bundle);
console.log(JSON.stringify(await runSuite(api)));
