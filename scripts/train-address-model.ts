/**
 * Trains the address token tagger on every labelled address (street addresses and PO boxes of
 * fixtures/addresses/training_labeled.xml, usaddress's training data, MIT) and writes its weights to
 * src/modules/quality/address/address-model.json, which parseUsAddress loads:
 * `node --import tsx scripts/train-address-model.ts`. Training is deterministic (fixed seed), so
 * rerunning it on the same data and rules gives the same file. Rerun it after changing the rules,
 * the features or the labelled data; bench/address-accuracy.ts gives the cross-validated figures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyLabelCorrections } from '../src/modules/quality/address/label-corrections.js';
import { readLabeledAddresses } from '../src/modules/quality/address/labeled.js';
import {
  isTrainable,
  SHIPPED_TRAINING,
  toSequence,
  trainTagger,
} from '../src/modules/quality/address/tagger-train.js';

const FIXTURE = new URL('../fixtures/addresses/training_labeled.xml', import.meta.url);
const MODEL = new URL('../src/modules/quality/address/address-model.json', import.meta.url);

// Trained on the labels with the documented corrections (label-corrections.ts) applied.
const samples = applyLabelCorrections(readLabeledAddresses(readFileSync(FIXTURE, 'utf8'))).filter(
  isTrainable,
);
const weights = trainTagger(samples.map(toSequence), SHIPPED_TRAINING);
writeFileSync(MODEL, `${JSON.stringify(weights)}\n`);
// The project's formatter checks JSON too: write the file in its layout so `biome check` stays clean.
const formatted = spawnSync('npx', ['biome', 'format', '--write', fileURLToPath(MODEL)], {
  stdio: 'inherit',
});
if (formatted.status !== 0) throw new Error('biome format failed on the model file');
console.log(
  `trained on ${samples.length} addresses: ${Object.keys(weights.features).length} features, ` +
    `${statSync(MODEL).size.toLocaleString('en-US')} bytes → ${MODEL.pathname}`,
);
