import { i18n } from '#i18n';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { openLogWords } from '@/utils/db/log-words';
import { addCapturesToIncident } from '@/utils/incidents/incidents';
import { applyFilters, candidateIds, filterSets, isPlainLog, loadLogRows, type LogFilters as Filters } from '@/utils/log/filters';
import { loadIdWindow, loadLogWindow, openRowViews } from '@/utils/log/row-details';
import { accountKeysOf } from '@/utils/people/people';
import { optionsOf } from '@/utils/people/person-options';
import { accountsInLog, factsOfAccounts, platformsInLog } from '@/utils/search/facts-store';
import { blurScreenshots } from '@/utils/settings/display';
import { CaptureDetail } from './capture-detail';
import { LogFilters } from './log-filters';
import { LogRow } from './log-row';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';
import { useLogSearch } from './use-log-search';
import { useSetting } from './use-setting';
import { useVirtualRows } from './use-virtual-rows';

export const ROW_HEIGHT = 84;
/** Rows assumed until the log is counted: enough to fill a screen. */
const PROVISIONAL_COUNT = 40;

export interface LogViewProps {
  filters: Filters;
  onFiltersChange: (filters: Filters) => void;
  /** Opens the incident editor with a new incident made of these captures. */
  onMakeIncident: (captureIds: string[]) => void;
  onOpenIncident: (incidentId: string) => void;
  /** Opens the export screen with these captures chosen. */
  onExport: (captureIds: string[], label: string) => void;
  /** Tells the person what just happened (status line of the dashboard). */
  announce: (message: string) => void;
}

/**
 * The whole log: search, filters, order, a virtualised list (only the rows on screen are
 * rendered), selection for incidents and exports, and the detail of one capture.
 */
export function LogView({ filters, onFiltersChange, onMakeIncident, onOpenIncident, onExport, announce }: LogViewProps) {
  const db = getDb();
  const plain = isPlainLog(filters);
  const [firstRowsShown, setFirstRowsShown] = useState(false);
  const { search, generation, indexing } = useLogSearch(firstRowsShown || !plain);
  const [blur] = useSetting(blurScreenshots);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [openId, setOpenId] = useState<string | undefined>();
  const [addTo, setAddTo] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

  const codec = useCodec();
  const storedWords = useLiveQuery(async () => {
    const [incidents, persons] = await Promise.all([db.incidents.orderBy('occurredAt').reverse().toArray(), db.people.toArray()]);
    return { incidents, persons };
  }, []);
  // Sealed incidents and people are opened outside the live queries; one still locked is not offered.
  const words = useOpened(storedWords, codec, openLogWords);
  const incidents = useMemo(() => (words?.incidents ?? []).filter((i) => !i.sealed), [words]);
  // Only the distinct platforms and accounts (index keys), never every capture's facts; read
  // after the first rows are on screen so that they never wait behind these.
  const lookups = useLiveQuery(async () => {
    if (!firstRowsShown) return undefined;
    const [accounts, platforms] = await Promise.all([accountsInLog(db), platformsInLog(db)]);
    return { accounts, platforms };
  }, [generation, firstRowsShown]);
  const people = useMemo(() => (lookups && words ? optionsOf(words.persons.filter((p) => !p.sealed), lookups.accounts) : []), [lookups, words]);

  const plainCount = useLiveQuery(async () => (plain ? db.captures.count() : undefined), [plain]);
  const hits = useMemo(() => (filters.query.trim() ? search.search(filters.query) : undefined), [filters.query, generation, search]);
  const filteredIds = useLiveQuery(async () => {
    if (plain) return undefined;
    if (!words) return undefined;
    const persons = words.persons;
    const allIncidents = words.incidents;
    const personKeys = filters.person ? accountKeysOf(filters.person, persons) : [];
    const facts = await factsOfAccounts(db, personKeys);
    const sets = filterSets(filters, { facts, persons, incidents: allIncidents }, hits?.captureIds);
    return applyFilters(await loadLogRows(db, candidateIds(sets)), filters, sets);
  }, [plain, JSON.stringify(filters), hits, words]);

  // Counting a large log takes a while in IndexedDB: the first rows are read without waiting for it.
  const count = plain ? (plainCount ?? PROVISIONAL_COUNT) : (filteredIds?.length ?? 0);
  const { items, totalSize, virtualizer } = useVirtualRows(count, scrollRef, ROW_HEIGHT);
  const first = items[0]?.index ?? 0;
  const last = (items.at(-1)?.index ?? -1) + 1;
  const storedRows = useLiveQuery(() => (plain ? loadLogWindow(db, first, last - first) : filteredIds ? loadIdWindow(db, filteredIds, first, last - first) : []), [plain, filteredIds, first, last]);
  const rows = useOpened(storedRows, codec, openRowViews);

  useEffect(() => {
    const settled = rows !== undefined && (rows.length > 0 || (plain ? plainCount === 0 : filteredIds?.length === 0));
    if (settled && !firstRowsShown) requestAnimationFrame(() => setFirstRowsShown(true));
  }, [rows, firstRowsShown, plainCount, filteredIds]);

  // Keep the row focused by the arrow keys in view and focused once it is rendered.
  const [focusIndex, setFocusIndex] = useState<number | undefined>();
  useEffect(() => {
    if (focusIndex === undefined) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`li[data-index="${focusIndex}"] .log-row__open`);
    if (button) {
      button.focus();
      setFocusIndex(undefined);
    }
  }, [focusIndex, rows]);

  function onListKey(e: KeyboardEvent) {
    const li = (e.target as HTMLElement).closest('li[data-index]');
    if (!li) return;
    const index = Number(li.getAttribute('data-index'));
    const to = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : undefined;
    if (to === undefined || to < 0 || to >= count) return;
    e.preventDefault();
    virtualizer.scrollToIndex(to, { align: 'auto' });
    setFocusIndex(to);
  }

  function select(id: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  async function selectAllShown() {
    const ids = plain ? ((await db.captures.toCollection().primaryKeys()) as string[]) : (filteredIds ?? []);
    setSelected(new Set(ids));
    announce(i18n.t('log.selectedCount', ids.length, [String(ids.length)]));
  }

  async function addSelectedTo() {
    const incident = incidents.find((i) => i.id === addTo);
    if (!incident) {
      announce(i18n.t('log.chooseIncidentFirst'));
      return;
    }
    await addCapturesToIncident(db, incident.id, [...selected], Date.now, codec);
    announce(i18n.t('log.addedToIncident', [String(selected.size), incident.title]));
    setSelected(new Set());
  }

  const ids = [...selected];
  const statusText = !plain && filteredIds === undefined ? i18n.t('log.searching') : plain && plainCount === undefined ? '' : i18n.t('log.shownCount', count, [String(count)]);

  return (
    <div class={openId ? 'log log--with-detail' : 'log'}>
      <div class="log__main">
        <LogFilters filters={filters} onChange={onFiltersChange} platforms={lookups?.platforms ?? []} people={people} incidents={incidents} />
        <p class="log__status" role="status" aria-live="polite">
          {statusText}
          {indexing && filters.query.trim() ? ` ${i18n.t('log.indexing')}` : ''}
        </p>
        {hits && hits.incidentIds.length > 0 && (
          <section class="log__incident-hits" aria-labelledby="incident-hits-heading">
            <h2 id="incident-hits-heading">{i18n.t('log.incidentHits')}</h2>
            <ul>
              {hits.incidentIds.map((id) => {
                const incident = incidents.find((i) => i.id === id);
                return incident ? (
                  <li key={id}>
                    <button type="button" class="link-button" onClick={() => onOpenIncident(id)}>
                      {incident.title}
                    </button>
                  </li>
                ) : null;
              })}
            </ul>
          </section>
        )}
        <div class="selection-bar" aria-label={i18n.t('log.selectionLabel')} role="group">
          <span class="selection-bar__count">{i18n.t('log.selectedCount', selected.size, [String(selected.size)])}</span>
          <button type="button" class="button button--quiet" onClick={() => void selectAllShown()} disabled={count === 0}>
            {i18n.t('log.selectAll')}
          </button>
          {selected.size > 0 && (
            <>
              <button type="button" class="button button--primary" onClick={() => onMakeIncident(ids)}>
                {i18n.t('log.makeIncident')}
              </button>
              {incidents.length > 0 && (
                <span class="selection-bar__add">
                  <label for="add-to-incident">{i18n.t('log.addToIncidentLabel')}</label>
                  <select id="add-to-incident" value={addTo} onChange={(e) => setAddTo((e.currentTarget as HTMLSelectElement).value)}>
                    <option value="">{i18n.t('log.chooseIncident')}</option>
                    {incidents.map((inc) => (
                      <option key={inc.id} value={inc.id}>
                        {inc.title}
                      </option>
                    ))}
                  </select>
                  <button type="button" class="button button--quiet" onClick={() => void addSelectedTo()}>
                    {i18n.t('log.add')}
                  </button>
                </span>
              )}
              <button type="button" class="button button--secondary" onClick={() => onExport(ids, i18n.t('exportChoice.selectionChosen', ids.length, [String(ids.length)]))}>
                {i18n.t('log.exportSelected')}
              </button>
              <button type="button" class="button button--quiet" onClick={() => setSelected(new Set())}>
                {i18n.t('log.clearSelection')}
              </button>
            </>
          )}
        </div>
        {count === 0 && plainCount === 0 ? (
          <section class="empty">
            <h2>{i18n.t('popup.emptyTitle')}</h2>
            <p>{i18n.t('log.emptyHelp')}</p>
          </section>
        ) : (
          <div class="log__scroller" ref={scrollRef} tabIndex={-1}>
            <ul class="log__list" aria-label={i18n.t('log.listLabel')} style={{ height: `${totalSize}px` }} onKeyDown={onListKey}>
              {(rows ?? []).map((row, n) => {
                const index = first + n;
                return (
                  <LogRow
                    key={row.capture.id}
                    row={row}
                    index={index}
                    total={count}
                    top={index * ROW_HEIGHT}
                    height={ROW_HEIGHT}
                    selected={selected.has(row.capture.id)}
                    open={openId === row.capture.id}
                    blur={blur}
                    onSelect={select}
                    onOpen={setOpenId}
                  />
                );
              })}
            </ul>
          </div>
        )}
      </div>
      {openId && (
        <CaptureDetail
          captureId={openId}
          onClose={() => {
            const id = openId;
            setOpenId(undefined);
            requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLButtonElement>(`li[data-capture-id="${id}"] .log-row__open`)?.focus());
          }}
          onOpenIncident={onOpenIncident}
          announce={announce}
        />
      )}
    </div>
  );
}
