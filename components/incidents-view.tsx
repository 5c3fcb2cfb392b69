import { i18n } from '#i18n';
import { useMemo, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { allFacts } from '@/utils/search/facts-store';
import type { IncidentRecord } from '@/utils/db/log-records';
import { openLogWords } from '@/utils/db/log-words';
import { draftIncident, removeIncident, restoreIncident, type IncidentFields } from '@/utils/incidents/incidents';
import { formatLocalFull } from '@/utils/format/time';
import { summarisePeople } from '@/utils/people/people';
import { IncidentEditor } from './incident-editor';
import { categoryLabel, recipientLabel } from './labels';
import { openCaptures } from './capture-list';
import { LockedLog } from './locked-log';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';

export interface IncidentsViewProps {
  /** The incident open in the editor, `new` for a new one, or undefined for the list. */
  openId?: string;
  /** Captures of a new incident made from the log's selection. */
  draftCaptureIds?: string[];
  onOpen: (id: string | undefined) => void;
  onShowInLog: (incidentId: string) => void;
  onExport: (captureIds: string[], label: string) => void;
  announce: (message: string, undo?: () => void) => void;
}

/** The incidents: a list (newest first) and the form for one. */
export function IncidentsView({ openId, draftCaptureIds, onOpen, onShowInLog, onExport, announce }: IncidentsViewProps) {
  const db = getDb();
  const codec = useCodec();
  const stored = useLiveQuery(async () => {
    const [incidents, facts, persons, orders] = await Promise.all([db.incidents.orderBy('occurredAt').reverse().toArray(), allFacts(db), db.people.toArray(), db.protectiveOrders.toArray()]);
    return { incidents, facts, persons, orders };
  }, []);
  // The words of sealed incidents, people and orders are opened outside the live query.
  const data = useOpened(stored, codec, async (c, s) => ({ facts: s.facts, ...(await openLogWords(c, s)) }));
  const open = data?.incidents.find((i) => i.id === openId);
  const wanted = open ? open.captureIds : (draftCaptureIds ?? []);
  const storedCaptures = useLiveQuery(async () => (await db.captures.bulkGet(wanted)).filter((c) => !!c), [wanted.join(',')]);
  // Opened through the codec: a sealed capture's title and address show once the log is unlocked.
  const captures = useOpened(storedCaptures, codec, async (c, stored) => (await openCaptures(c, stored)).map((o) => o.record));
  const people = useMemo(() => (data ? summarisePeople(data.facts, data.persons, data.incidents) : []), [data]);
  const [confirming, setConfirming] = useState<string | undefined>();

  if (!data) return null;
  if (data.locked > 0 && !codec.canOpen) {
    return <LockedLog sealedCount={data.locked} idPrefix="incidents-unlock" countText={i18n.t('sealed.wordsCount', data.locked, [String(data.locked)])} explain={i18n.t('sealed.wordsExplain')} />;
  }

  if (openId && captures) {
    if (openId !== 'new' && !open) {
      return (
        <section class="incidents">
          <p>{i18n.t('incidents.gone')}</p>
          <button type="button" class="button button--quiet" onClick={() => onOpen(undefined)}>
            {i18n.t('incidents.backToList')}
          </button>
        </section>
      );
    }
    const initial: IncidentFields = open ? { ...open } : draftIncident(captures);
    return (
      <IncidentEditor
        key={openId}
        incident={open}
        initial={initial}
        captures={captures}
        people={people}
        orders={data.orders}
        onSaved={(saved) => {
          announce(i18n.t('incidents.savedNamed', [saved.title]));
          onOpen(undefined);
        }}
        onCancel={() => onOpen(undefined)}
      />
    );
  }

  async function remove(incident: IncidentRecord) {
    setConfirming(undefined);
    const removed = await removeIncident(db, incident.id, Date.now, codec);
    if (removed) announce(i18n.t('incidents.removed', [incident.title]), () => void restoreIncident(db, removed, Date.now, codec).then(() => announce(i18n.t('incidents.restored', [incident.title]))));
  }

  return (
    <section class="incidents" aria-labelledby="incidents-heading">
      <div class="view-head">
        <h2 id="incidents-heading">{i18n.t('incidents.heading')}</h2>
        <button type="button" class="button button--secondary" onClick={() => onOpen('new')}>
          {i18n.t('incidents.new')}
        </button>
      </div>
      <p class="hint">{i18n.t('incidents.explain')}</p>
      {data.incidents.length === 0 ? (
        <p class="empty">{i18n.t('incidents.empty')}</p>
      ) : (
        <ul class="cards">
          {data.incidents.map((incident) => (
            <li class="card" key={incident.id} data-incident-id={incident.id}>
              <h3>
                <button type="button" class="link-button" onClick={() => onOpen(incident.id)}>
                  {incident.title}
                </button>
              </h3>
              <p class="card__meta">
                <time dateTime={incident.occurredAt}>{formatLocalFull(incident.occurredAt)}</time>
                {incident.location && <span>{incident.location}</span>}
                <span>{i18n.t('incidents.captureCount', incident.captureIds.length, [String(incident.captureIds.length)])}</span>
              </p>
              {incident.description && <p class="card__text">{incident.description}</p>}
              <p class="log-row__tags">
                {incident.categories.map((c) => (
                  <span class="tag" key={c}>
                    {categoryLabel(c)}
                  </span>
                ))}
                {incident.violatesOrder && <span class="tag tag--danger">{i18n.t('incidents.orderViolated')}</span>}
                {incident.reports.map((r, i) => (
                  <span class="tag" key={i}>
                    {i18n.t('incidents.reportedTag', [recipientLabel(r.to), r.reference || '—'])}
                  </span>
                ))}
              </p>
              <div class="card__actions">
                <button type="button" class="button button--quiet" onClick={() => onOpen(incident.id)}>
                  {i18n.t('incidents.edit')}
                </button>
                <button type="button" class="button button--quiet" onClick={() => onShowInLog(incident.id)} disabled={!incident.captureIds.length}>
                  {i18n.t('incidents.showInLog')}
                </button>
                <button
                  type="button"
                  class="button button--quiet"
                  onClick={() => onExport(incident.captureIds, i18n.t('exportChoice.selectionIncident', [incident.title]))}
                  disabled={!incident.captureIds.length}
                >
                  {i18n.t('incidents.export')}
                </button>
                {confirming === incident.id ? (
                  <span class="confirm" role="group" aria-label={i18n.t('incidents.confirmRemove', [incident.title])}>
                    <span>{i18n.t('incidents.confirmRemove', [incident.title])}</span>
                    <button type="button" class="button button--danger" onClick={() => void remove(incident)}>
                      {i18n.t('incidents.remove')}
                    </button>
                    <button type="button" class="button button--quiet" onClick={() => setConfirming(undefined)} autoFocus>
                      {i18n.t('incidents.keep')}
                    </button>
                  </span>
                ) : (
                  <button type="button" class="button button--quiet" onClick={() => setConfirming(incident.id)}>
                    {i18n.t('incidents.remove')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
