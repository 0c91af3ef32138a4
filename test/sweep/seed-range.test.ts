import test from 'ava';
import { planOf } from '../helpers/sweeps.js';

test('seeds up to 2^53 − 1 are accepted and give jobs of their own; 2^53 is refused', (t) => {
  const plan = planOf(`name: s\nfixed: { hidden_sizes: [8], epochs: 1 }\nseeds: [2654435761, 4294967296, 9007199254740991]\n`);
  t.deepEqual(
    plan.jobs.map((j) => j.settings.seed),
    [2654435761, 4294967296, 9007199254740991],
  );
  t.is(new Set(plan.jobs.map((j) => j.id)).size, 3);
  t.throws(() => planOf(`name: s\nfixed: { hidden_sizes: [8], epochs: 1 }\nseeds: [9007199254740992]\n`), { message: /seeds\[0\]/ });
});
