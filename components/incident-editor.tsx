import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { BEHAVIOUR_CATEGORIES, REPORT_RECIPIENTS, type IncidentRecord, type IncidentReport, type ProtectiveOrderRecord } from '@/utils/db/log-records';
import type { CaptureRecord } from '@/utils/db/records';
import { isFixedCategory, isRecipient, ownCategories } from '@/utils/incidents/categories';
import { blankOrder, createIncident, fromLocalInput, incidentProblems, saveProtectiveOrder, updateIncident, type IncidentFields } from '@/utils/incidents/incidents';
import { formatLocal } from '@/utils/format/time';
import { mergeAccounts, type PersonSummary } from '@/utils/people/people';
import { categoryLabel, recipientLabel } from './labels';
import { ProtectiveOrderFields, type OrderDraft } from './protective-order-fields';
import { useCodec } from './use-evidence-codec';

export interface IncidentEditorProps {
  /** The incident being edited, or undefined for a new one. */
  incident?: IncidentRecord;
  initial: IncidentFields;
  captures: CaptureRecord[];
  people: PersonSummary[];
  orders: ProtectiveOrderRecord[];
  onSaved: (incident: IncidentRecord) => void;
  onCancel: () => void;
}

type Problem = ReturnType<typeof incidentProblems>[number];

/**
 * The advocates' incident form: date and time, description, platform or place, behaviour
 * categories (fixed and the person's own), people involved and witnesses, to whom it was reported
 * with report numbers, and whether it violated a protective order (whose details are kept once).
 * Nothing is stored until Save; a field that needs fixing says so next to it.
 */
export function IncidentEditor({ incident, initial, captures, people, orders, onSaved, onCancel }: IncidentEditorProps) {
  const codec = useCodec();
  const [fields, setFields] = useState<IncidentFields>(initial);
  const [ownText, setOwnText] = useState(initial.categories.filter((c) => !isFixedCategory(c)).join(', '));
  const [chosenPeople, setChosenPeople] = useState<string[]>(initial.personIds.map((id) => `p:${id}`));
  const [order, setOrder] = useState<OrderDraft | undefined>(() => {
    const existing = orders.find((o) => o.id === initial.orderId) ?? orders[0];
    if (!existing) return undefined;
    const { sealed: _sealed, updatedAt: _updatedAt, ...draft } = existing;
    return draft;
  });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<{ kind: 'error' | 'saved'; message: string } | undefined>();
  const titleRef = useRef<HTMLInputElement>(null);
  const whenRef = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<IncidentFields>) => setFields({ ...fields, ...patch });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const inIncident = captures.filter((c) => fields.captureIds.includes(c.id)).sort((a, b) => a.pressedAt.localeCompare(b.pressedAt));

  useEffect(() => {
    titleRef.current?.focus();
  }, [incident?.id]);

  function toggleCategory(category: string, on: boolean) {
    const fixed = fields.categories.filter((c) => isFixedCategory(c) && c !== category);
    set({ categories: on ? [...fixed, category] : fixed });
  }

  function setReport(index: number, patch: Partial<IncidentReport>) {
    set({ reports: fields.reports.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  }

  async function save(e: Event) {
    e.preventDefault();
    const categories = [...fields.categories.filter(isFixedCategory), ...ownCategories(ownText)];
    const draft: IncidentFields = { ...fields, categories, occurredAt: fromLocalInput(fields.occurredLocal) };
    const found = incidentProblems(draft).filter((p) => p !== 'captures');
    setProblems(found);
    if (found.length) {
      setStatus({ kind: 'error', message: i18n.t('incidents.fixProblems') });
      (found[0] === 'title' ? titleRef : whenRef).current?.focus();
      return;
    }
    try {
      const db = getDb();
      const personIds: string[] = [];
      for (const choice of chosenPeople) {
        if (choice.startsWith('p:')) personIds.push(choice.slice(2));
        else {
          const summary = people.find((p) => p.id === choice);
          const person = await mergeAccounts(db, [choice.slice(2)], summary?.name ?? choice.slice(2), undefined, Date.now, codec);
          personIds.push(person.id);
        }
      }
      let orderId = draft.orderId;
      if (draft.violatesOrder && order) orderId = (await saveProtectiveOrder(db, order, Date.now, codec)).id;
      const complete: IncidentFields = { ...draft, personIds, ...(draft.violatesOrder && orderId ? { orderId } : {}) };
      const saved = incident ? await updateIncident(db, incident.id, complete, Date.now, codec) : await createIncident(db, complete, Date.now, codec);
      setStatus({ kind: 'saved', message: i18n.t('incidents.saved') });
      onSaved(saved);
    } catch (error) {
      setStatus({ kind: 'error', message: i18n.t('incidents.saveFailed', [error instanceof Error ? error.message : String(error)]) });
    }
  }

  const invalid = (p: Problem) => problems.includes(p);
  return (
    <form class="incident-form" aria-labelledby="incident-form-heading" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="incident-form-heading">{incident ? i18n.t('incidents.editHeading') : i18n.t('incidents.newHeading')}</h2>
      <div class="field">
        <label for="incident-title">{i18n.t('incidents.title')}</label>
        <input
          id="incident-title"
          ref={titleRef}
          value={fields.title}
          onInput={(e) => set({ title: value(e) })}
          aria-invalid={invalid('title')}
          aria-describedby={invalid('title') ? 'incident-title-error' : 'incident-title-hint'}
        />
        <p class="hint" id="incident-title-hint">
          {i18n.t('incidents.titleHint')}
        </p>
        {invalid('title') && (
          <p class="field__error" id="incident-title-error">
            {i18n.t('incidents.titleMissing')}
          </p>
        )}
      </div>
      <div class="field">
        <label for="incident-when">{i18n.t('incidents.when')}</label>
        <input
          id="incident-when"
          ref={whenRef}
          type="datetime-local"
          value={fields.occurredLocal}
          onInput={(e) => set({ occurredLocal: value(e) })}
          aria-invalid={invalid('occurred')}
          aria-describedby={invalid('occurred') ? 'incident-when-error' : undefined}
        />
        {invalid('occurred') && (
          <p class="field__error" id="incident-when-error">
            {i18n.t('incidents.whenMissing')}
          </p>
        )}
      </div>
      <div class="field">
        <label for="incident-description">{i18n.t('incidents.description')}</label>
        <textarea id="incident-description" rows={5} value={fields.description} onInput={(e) => set({ description: value(e) })} aria-describedby="incident-description-hint" />
        <p class="hint" id="incident-description-hint">
          {i18n.t('incidents.descriptionHint')}
        </p>
      </div>
      <div class="field">
        <label for="incident-location">{i18n.t('incidents.location')}</label>
        <input id="incident-location" value={fields.location} onInput={(e) => set({ location: value(e) })} />
      </div>
      <fieldset class="checks">
        <legend>{i18n.t('incidents.categories')}</legend>
        {BEHAVIOUR_CATEGORIES.map((c) => (
          <label key={c} class="check">
            <input type="checkbox" checked={fields.categories.includes(c)} onChange={(e) => toggleCategory(c, (e.currentTarget as HTMLInputElement).checked)} />
            {categoryLabel(c)}
          </label>
        ))}
        <div class="field">
          <label for="incident-own-categories">{i18n.t('incidents.ownCategories')}</label>
          <input id="incident-own-categories" value={ownText} onInput={(e) => setOwnText(value(e))} aria-describedby="own-categories-hint" />
          <p class="hint" id="own-categories-hint">
            {i18n.t('incidents.ownCategoriesHint')}
          </p>
        </div>
      </fieldset>
      <fieldset class="checks">
        <legend>{i18n.t('incidents.people')}</legend>
        {people.length === 0 && <p class="hint">{i18n.t('incidents.noPeople')}</p>}
        {people.map((p) => (
          <label key={p.id} class="check">
            <input
              type="checkbox"
              checked={chosenPeople.includes(p.id)}
              onChange={(e) => setChosenPeople((e.currentTarget as HTMLInputElement).checked ? [...chosenPeople, p.id] : chosenPeople.filter((c) => c !== p.id))}
            />
            {p.name}
          </label>
        ))}
        <div class="field">
          <label for="incident-others">{i18n.t('incidents.othersInvolved')}</label>
          <input id="incident-others" value={fields.othersInvolved} onInput={(e) => set({ othersInvolved: value(e) })} />
        </div>
      </fieldset>
      <div class="field">
        <label for="incident-witnesses">{i18n.t('incidents.witnesses')}</label>
        <textarea id="incident-witnesses" rows={2} value={fields.witnesses} onInput={(e) => set({ witnesses: value(e) })} />
      </div>
      <fieldset class="reports">
        <legend>{i18n.t('incidents.reportedTo')}</legend>
        {fields.reports.length === 0 && <p class="hint">{i18n.t('incidents.notReported')}</p>}
        {fields.reports.map((r, i) => (
          <div class="report" key={i} role="group" aria-label={i18n.t('incidents.reportNumber', [String(i + 1)])}>
            <div class="field">
              <label for={`report-to-${i}`}>{i18n.t('incidents.reportToLabel')}</label>
              <select id={`report-to-${i}`} value={r.to} onChange={(e) => isRecipient(value(e)) && setReport(i, { to: value(e) as IncidentReport['to'] })}>
                {REPORT_RECIPIENTS.map((to) => (
                  <option key={to} value={to}>
                    {recipientLabel(to)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`report-name-${i}`}>{i18n.t('incidents.reportName')}</label>
              <input id={`report-name-${i}`} value={r.name} onInput={(e) => setReport(i, { name: value(e) })} />
            </div>
            <div class="field">
              <label for={`report-ref-${i}`}>{i18n.t('incidents.reportReference')}</label>
              <input id={`report-ref-${i}`} value={r.reference} onInput={(e) => setReport(i, { reference: value(e) })} />
            </div>
            <div class="field">
              <label for={`report-date-${i}`}>{i18n.t('incidents.reportDate')}</label>
              <input id={`report-date-${i}`} type="date" value={r.date} onInput={(e) => setReport(i, { date: value(e) })} />
            </div>
            <button type="button" class="button button--quiet" onClick={() => set({ reports: fields.reports.filter((_, n) => n !== i) })}>
              {i18n.t('incidents.removeReport')}
            </button>
          </div>
        ))}
        <button type="button" class="button button--quiet" onClick={() => set({ reports: [...fields.reports, { to: 'police', name: '', reference: '', date: '' }] })}>
          {i18n.t('incidents.addReport')}
        </button>
      </fieldset>
      <fieldset class="checks">
        <legend>{i18n.t('incidents.orderLegend')}</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={fields.violatesOrder}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              set({ violatesOrder: on });
              if (on && !order) setOrder(blankOrder());
            }}
          />
          {i18n.t('incidents.violatesOrder')}
        </label>
        {fields.violatesOrder && order && <ProtectiveOrderFields order={order} onChange={setOrder} />}
      </fieldset>
      <section class="incident-form__captures" aria-labelledby="incident-captures-heading">
        <h3 id="incident-captures-heading">{i18n.t('incidents.capturesHeading', inIncident.length, [String(inIncident.length)])}</h3>
        {inIncident.length === 0 && <p class="hint">{i18n.t('incidents.noCaptures')}</p>}
        <ul>
          {inIncident.map((c) => (
            <li key={c.id}>
              <span class="incident-form__capture-title">{c.summary.title || c.summary.url || i18n.t('list.noTitle')}</span> <time dateTime={c.pressedAt}>{formatLocal(c.pressedAt)}</time>{' '}
              <button type="button" class="button button--quiet" onClick={() => set({ captureIds: fields.captureIds.filter((id) => id !== c.id) })}>
                {i18n.t('incidents.removeCapture', [c.summary.title || c.summary.site])}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div class="incident-form__actions">
        <button type="submit" class="button button--primary">
          {i18n.t('incidents.save')}
        </button>
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {i18n.t('incidents.cancel')}
        </button>
        <span role="status" aria-live="polite" class={status?.kind === 'error' ? 'form-status form-status--error' : 'form-status'}>
          {status?.message}
        </span>
      </div>
    </form>
  );
}
