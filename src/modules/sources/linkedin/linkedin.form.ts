/** One question of a lead form, as needed to read an answer to it. */
export interface FormQuestion {
  id: string;
  name: string | null;
  predefinedField: string | null;
  /** The question as shown, in en_US when the form has it. */
  label: string | null;
  /** Multiple-choice option id → its text. */
  options: Map<string, string>;
}

/** A lead form (`GET /rest/leadForms/{id}`) reduced to what answers are joined against. */
export interface LeadForm {
  id: string;
  version: number | null;
  questions: Map<string, FormQuestion>;
  /** Consent checkbox id → the wording the member agreed to. */
  consents: Map<string, string>;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a LinkedIn MultiLocaleString (`{ localized: { en_US: … } }`): en_US first, else any locale. */
export function localized(value: unknown): string | null {
  if (!isObject(value) || !isObject(value.localized)) return null;
  const texts = value.localized;
  const text = texts.en_US ?? Object.values(texts).find((t) => typeof t === 'string');
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}

/** What to call a question: its shown text, else its name, else its id. */
export function questionLabel(question: FormQuestion): string {
  return question.label ?? question.name ?? `question_${question.id}`;
}

function readQuestion(raw: unknown): FormQuestion | null {
  if (!isObject(raw) || (typeof raw.questionId !== 'number' && typeof raw.questionId !== 'string'))
    return null;
  const options = new Map<string, string>();
  const details = isObject(raw.questionDetails)
    ? raw.questionDetails.multipleChoiceQuestionDetails
    : undefined;
  if (isObject(details) && Array.isArray(details.options)) {
    for (const option of details.options) {
      if (!isObject(option) || option.id === undefined) continue;
      const text = localized(option.text) ?? (typeof option.label === 'string' ? option.label : null);
      if (text) options.set(String(option.id), text);
    }
  }
  return {
    id: String(raw.questionId),
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : null,
    predefinedField: typeof raw.predefinedField === 'string' ? raw.predefinedField : null,
    label: localized(raw.question),
    options,
  };
}

function readForm(raw: unknown): LeadForm | null {
  if (!isObject(raw) || (typeof raw.id !== 'number' && typeof raw.id !== 'string') || !isObject(raw.content))
    return null;
  const questions = new Map<string, FormQuestion>();
  for (const q of Array.isArray(raw.content.questions) ? raw.content.questions : []) {
    const question = readQuestion(q);
    if (question) questions.set(question.id, question);
  }
  const consents = new Map<string, string>();
  const legal = isObject(raw.content.legalInfo) ? raw.content.legalInfo : {};
  for (const c of Array.isArray(legal.consents) ? legal.consents : []) {
    if (!isObject(c) || c.id === undefined) continue;
    const text = localized(c.consent);
    if (text) consents.set(String(c.id), text);
  }
  return {
    id: String(raw.id),
    version: typeof raw.versionId === 'number' ? raw.versionId : null,
    questions,
    consents,
  };
}

/** Forms by id, from one form, a list of forms, or a `leadForms` finder page (`{ elements: [...] }`). */
export function indexForms(payload: unknown): Map<string, LeadForm> {
  const list = Array.isArray(payload)
    ? payload
    : isObject(payload) && Array.isArray(payload.elements)
      ? payload.elements
      : [payload];
  const forms = new Map<string, LeadForm>();
  for (const raw of list) {
    const form = readForm(raw);
    if (form) forms.set(form.id, form);
  }
  return forms;
}
