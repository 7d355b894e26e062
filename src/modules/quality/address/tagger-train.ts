import { labelHalf } from './accuracy.js';
import type { LabeledAddress } from './labeled.js';
import { parseWithRules, parseWithTagger } from './parse.js';
import {
  ruleTags,
  TAGS,
  type Tag,
  type TaggerWeights,
  TokenTagger,
  tagOfLabel,
  tokenFeatures,
  viterbi,
} from './tagger.js';
import { type Token, tokenize } from './tokens.js';
import type { AddressComponents } from './types.js';

/** A training sequence: each word's features and its gold tag index. */
export interface TaggedSequence {
  features: string[][];
  gold: number[];
}

const SKIPPED = /[\s.,;:"'()]/;

/**
 * The gold tag of each word our tokenizer makes, read off the labelled file's tokens character by
 * character (our tokenizer splits `#5` and glued designators, so words and labelled tokens differ).
 */
export function goldTags(tokens: readonly Token[], sample: LabeledAddress): Tag[] {
  const chars: { ch: string; tag: Tag }[] = [];
  for (const labelled of sample.tokens) {
    const tag = tagOfLabel(labelled.label);
    for (const ch of labelled.text.toUpperCase()) if (!SKIPPED.test(ch)) chars.push({ ch, tag });
  }
  let at = 0;
  return tokens.map((token) => {
    const votes = new Map<Tag, number>();
    for (const ch of token.word) {
      let k = at;
      while (k < chars.length && chars[k]?.ch !== ch) k += 1;
      if (k === chars.length) continue;
      const tag = (chars[k] as { tag: Tag }).tag;
      votes.set(tag, (votes.get(tag) ?? 0) + 1);
      at = k + 1;
    }
    let best: Tag = 'other';
    let most = 0;
    for (const [tag, count] of votes) {
      if (count > most) {
        best = tag;
        most = count;
      }
    }
    return best;
  });
}

/** A labelled address as a training sequence, with the rule parser's tags among its features. */
export function toSequence(sample: LabeledAddress): TaggedSequence {
  const tokens = tokenize(sample.text);
  const rules = ruleTags(tokens, parseWithRules(sample.text).components);
  return {
    features: tokenFeatures(tokens, rules),
    gold: goldTags(tokens, sample).map((tag) => TAGS.indexOf(tag)),
  };
}

/** Small seeded generator (mulberry32) so training is repeatable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrainOptions {
  /** Passes over the data. */
  epochs?: number;
  seed?: number;
  /** Features whose largest averaged weight is below this are dropped (keeps the file small). */
  prune?: number;
}

/**
 * Trains the tagger as an averaged structured perceptron: decode each sequence with the current
 * weights, move weights toward the gold path where they differ, and average over all steps (the
 * average generalises much better than the last weights).
 */
export function trainTagger(sequences: readonly TaggedSequence[], options: TrainOptions = {}): TaggerWeights {
  const { epochs = 20, seed = 7, prune = 0 } = options;
  const size = TAGS.length;
  const ids = new Map<string, number>();
  const encoded = sequences.map((sequence) => ({
    gold: sequence.gold,
    features: sequence.features.map((names) =>
      names.map((name) => {
        let id = ids.get(name);
        if (id === undefined) {
          id = ids.size;
          ids.set(name, id);
        }
        return id;
      }),
    ),
  }));
  const weights = new Float64Array(ids.size * size);
  const sums = new Float64Array(ids.size * size);
  const transitions = new Float64Array((size + 1) * size);
  const transitionSums = new Float64Array((size + 1) * size);
  const order = encoded.map((_, index) => index);
  const next = random(seed);
  let step = 1;
  const bump = (features: readonly number[], tag: number, by: number) => {
    for (const id of features) {
      weights[id * size + tag] = (weights[id * size + tag] as number) + by;
      sums[id * size + tag] = (sums[id * size + tag] as number) + step * by;
    }
  };
  const bumpTransition = (from: number, tag: number, by: number) => {
    const at = (from + 1) * size + tag;
    transitions[at] = (transitions[at] as number) + by;
    transitionSums[at] = (transitionSums[at] as number) + step * by;
  };
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(next() * (index + 1));
      [order[index], order[swap]] = [order[swap] as number, order[index] as number];
    }
    for (const which of order) {
      const { gold, features } = encoded[which] as (typeof encoded)[number];
      const emissions = new Float64Array(gold.length * size);
      for (let position = 0; position < gold.length; position += 1) {
        for (const id of features[position] as number[]) {
          for (let t = 0; t < size; t += 1) {
            emissions[position * size + t] =
              (emissions[position * size + t] as number) + (weights[id * size + t] as number);
          }
        }
      }
      const predicted = viterbi(gold.length, size, transitions, emissions);
      for (let position = 0; position < gold.length; position += 1) {
        const want = gold[position] as number;
        const got = predicted[position] as number;
        const wantPrev = position === 0 ? -1 : (gold[position - 1] as number);
        const gotPrev = position === 0 ? -1 : (predicted[position - 1] as number);
        if (want !== got) {
          bump(features[position] as number[], want, 1);
          bump(features[position] as number[], got, -1);
        }
        if (want !== got || wantPrev !== gotPrev) {
          bumpTransition(wantPrev, want, 1);
          bumpTransition(gotPrev, got, -1);
        }
      }
      step += 1;
    }
  }
  const average = (value: number, sum: number) => Math.round((value - sum / step) * 1000) / 1000;
  const features: Record<string, number[]> = {};
  for (const [name, id] of ids) {
    const row = Array.from({ length: size }, (_, t) =>
      average(weights[id * size + t] as number, sums[id * size + t] as number),
    );
    if (Math.max(...row.map(Math.abs)) > prune) features[name] = row;
  }
  const transitionRows = Array.from({ length: size + 1 }, (_, from) =>
    Array.from({ length: size }, (_, t) =>
      average(transitions[from * size + t] as number, transitionSums[from * size + t] as number),
    ),
  );
  return { tags: [...TAGS], transitions: transitionRows, features };
}

/** The settings of the shipped model; the cross-validated figures use the same ones. */
export const SHIPPED_TRAINING: Required<TrainOptions> = { epochs: 20, seed: 7, prune: 0.05 };

/** Which of `folds` cross-validation folds an address falls in (FNV-1a of its text: fixed, duplicates together). */
export function labelFold(text: string, folds: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Drop the low bit, which `labelHalf` uses, so folds cut across both halves.
  return Math.floor(hash / 2) % folds;
}

/** The labelled addresses the tagger learns from and is scored on: street addresses and PO boxes. */
export const isTrainable = (sample: LabeledAddress) => sample.kind !== 'excluded';

/** Answers for addresses from taggers that never saw them, keyed by the address text. */
export type OutOfSample = ReadonlyMap<string, AddressComponents>;

/**
 * k-fold cross-validation: for each fold (fixed by a hash of the text), train on the other folds'
 * street addresses and PO boxes and parse that fold's addresses with the hybrid. Every answer comes from
 * a model that did not train on that address.
 */
export function crossValidate(
  samples: readonly LabeledAddress[],
  folds = 5,
  options: TrainOptions = SHIPPED_TRAINING,
): OutOfSample {
  const sequences = new Map(samples.filter(isTrainable).map((sample) => [sample, toSequence(sample)]));
  const out = new Map<string, AddressComponents>();
  for (let fold = 0; fold < folds; fold += 1) {
    const training = [...sequences].filter(([sample]) => labelFold(sample.text, folds) !== fold);
    const tagger = new TokenTagger(
      trainTagger(
        training.map(([, sequence]) => sequence),
        options,
      ),
    );
    for (const sample of samples) {
      if (labelFold(sample.text, folds) === fold)
        out.set(sample.text, parseWithTagger(sample.text, tagger).components);
    }
  }
  return out;
}

/**
 * The fixed split the rules were tuned on: train on half 0 only and parse half 1, to compare with the
 * rules' held-out figure (rules tuned looking at half 0's errors only).
 */
export function heldOutHalf(
  samples: readonly LabeledAddress[],
  options: TrainOptions = SHIPPED_TRAINING,
): OutOfSample {
  const training = samples.filter((sample) => isTrainable(sample) && labelHalf(sample.text) === 0);
  const tagger = new TokenTagger(trainTagger(training.map(toSequence), options));
  const out = new Map<string, AddressComponents>();
  for (const sample of samples) {
    if (labelHalf(sample.text) === 1) out.set(sample.text, parseWithTagger(sample.text, tagger).components);
  }
  return out;
}

/** Out-of-sample answers as a parse function for `scoreParser`; an address without one is a bug. */
export function answersOf(answers: OutOfSample): (text: string) => AddressComponents {
  return (text) => {
    const found = answers.get(text);
    if (found === undefined) throw new Error(`no out-of-sample answer for ${text}`);
    return found;
  };
}
