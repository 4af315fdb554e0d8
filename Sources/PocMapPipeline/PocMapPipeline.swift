// PocMapPipeline: the batch jobs. `verify` streams a day of beacon and witness logs through the proof-of-coverage
// rules into verdicts, rejects, per-hotspot counts and a summary; `run` adds density, rewards and coverage maps.
