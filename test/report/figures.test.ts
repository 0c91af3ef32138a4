import test from 'ava';
import { accuracyBySettingFigure } from '../../src/report/figures/accuracy-by-setting.js';
import { gradcheckFigure } from '../../src/report/figures/gradcheck.js';
import { jobLossFigure } from '../../src/report/figures/job-loss.js';
import { validationCurvesFigure } from '../../src/report/figures/validation-curves.js';
import { renderSvg } from '../../src/report/render.js';
import { matchesGolden } from '../helpers/report/golden.js';
import { loadFixture } from '../helpers/report/results.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

test('the validation-curves spec of the lr-batch fixture matches its golden file', async (t) => {
  const { configs } = await loadFixture('lr-batch');
  matchesGolden(t, 'lr-batch/figures/validation-accuracy.vl.json', json(validationCurvesFigure(configs)));
});

test('the accuracy-by-setting specs of the lr-batch fixture match their golden files', async (t) => {
  const { results, configs } = await loadFixture('lr-batch');
  for (const setting of results.varying) {
    matchesGolden(t, `lr-batch/figures/validation-accuracy-by-${setting}.vl.json`, json(accuracyBySettingFigure(results, configs, setting)));
  }
});

test("a job's loss spec matches its golden file", async (t) => {
  const { results } = await loadFixture('lr-batch');
  const job = results.jobs[0];
  matchesGolden(t, `lr-batch/figures/jobs/${job.id}-loss.vl.json`, json(jobLossFigure(job, 'learning_rate=0.3 batch_size=50')));
});

test('the gradient-check spec matches its golden file', async (t) => {
  const { results } = await loadFixture('gradient-check');
  matchesGolden(t, 'gradient-check/figures/gradcheck.vl.json', json(gradcheckFigure(results.jobs[0].record!.gradcheck!)));
});

test('the gradient-check figure leaves out exact zeros, which a log axis cannot show, and says so', (t) => {
  const report = {
    rows: [
      { tensor: 'W1', epsilon: 0.1, samples: 3, max_abs_diff: 1e-3, max_rel_error: 1e-2 },
      { tensor: 'W1', epsilon: 0.01, samples: 3, max_abs_diff: 0, max_rel_error: 0 },
    ],
    best: [],
    batch_rows: 10,
    loss: 2.3,
  };
  const spec = gradcheckFigure(report) as { data: { values: unknown[] }; title: { subtitle: string } };
  t.is(spec.data.values.length, 1);
  t.regex(spec.title.subtitle, /1 exact zero not drawn/);
});

test('every kind of figure renders to SVG in Node, with its axis titles', async (t) => {
  const lr = await loadFixture('lr-batch');
  const check = await loadFixture('gradient-check');
  const cases: [string, unknown, string[]][] = [
    ['validation curves', validationCurvesFigure(lr.configs), ['epoch', 'validation accuracy (%)']],
    ['accuracy by setting', accuracyBySettingFigure(lr.results, lr.configs, 'learning_rate'), ['learning rate', 'validation accuracy (%)']],
    ['job loss', jobLossFigure(lr.results.jobs[0], 'x'), ['epoch', 'loss (mean cross-entropy)', 'validation']],
    ['gradient check', gradcheckFigure(check.results.jobs[0].record!.gradcheck!), ['ε (finite-difference step)', 'max |numeric − backprop|']],
  ];
  for (const [name, spec, texts] of cases) {
    const svg = await renderSvg(spec as Parameters<typeof renderSvg>[0]);
    t.true(svg.startsWith('<svg'), name);
    for (const text of texts) t.true(svg.includes(`>${text.replace('|', '|')}</text>`) || svg.includes(text), `${name}: ${text}`);
  }
});
