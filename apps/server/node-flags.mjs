// The node flags wxlogin's server runs with: `npm start` (scripts/run.mjs), this package's `start`
// script (which spells them out; test/node-flags.test.ts keeps the two equal) and the benchmark.
//
// --max-semi-space-size=8: V8's young generation, where a request's short-lived objects live,
// grows to 3 × 16 MiB by default under load and is most of the RSS then. 8 MiB semi-spaces cut
// the peak RSS of a login storm from about 170 to about 127 MiB for the same throughput (more,
// cheap scavenges). It caps no memory the server needs: the old generation keeps V8's default.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8']
