// Preload for the hub: npm run bench -- "--hub-node-options=--require=$PWD/test/bench/alloc-profile.cjs"
// V8's sampling heap profiler over every allocation, kept or collected, from ALLOC_START_MS after
// start for ALLOC_DURATION_MS, written to ALLOC_OUT (default: the temp folder, path printed) every
// 5 s, since the bench may stop the hub at any point. Summarize with test/bench/alloc-summary.cjs.
// A measuring tool only: it slows the hub down.
const fs = require('node:fs');
const inspector = require('node:inspector');
const os = require('node:os');
const path = require('node:path');
const out = process.env.ALLOC_OUT ?? path.join(os.tmpdir(), `ioc-alloc-${process.pid}.heapprofile`);
console.error(`allocation profile: ${out}`);
const session = new inspector.Session();
session.connect();
const startAfter = Number(process.env.ALLOC_START_MS ?? 0);
const duration = Number(process.env.ALLOC_DURATION_MS ?? 30000);
setTimeout(() => {
  session.post('HeapProfiler.enable', () => {
    session.post(
      'HeapProfiler.startSampling',
      {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      },
      (err) => {
        if (err) console.error('alloc start', err);
        // Written every 5 s: the bench may stop the hub at any point.
        const started = Date.now();
        const timer = setInterval(() => {
          session.post('HeapProfiler.getSamplingProfile', (e, r) => {
            if (e) return console.error('alloc get', e);
            fs.writeFileSync(out, JSON.stringify(r.profile));
            if (Date.now() - started > duration) {
              clearInterval(timer);
              session.post('HeapProfiler.stopSampling', () => undefined);
            }
          });
        }, 5000);
        timer.unref();
      },
    );
  });
}, startAfter).unref();
