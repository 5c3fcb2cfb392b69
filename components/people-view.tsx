import { i18n } from '#i18n';
import { useMemo, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { openLogWords } from '@/utils/db/log-words';
import { allFacts } from '@/utils/search/facts-store';
import { formatLocal } from '@/utils/format/time';
import { accountLabel } from '@/utils/people/accounts';
import { mergeAccounts, renamePerson, splitAccount, summarisePeople, type PersonSummary } from '@/utils/people/people';
import { LockedLog } from './locked-log';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';
import { useLogSearch } from './use-log-search';

export interface PeopleViewProps {
  onShowInLog: (personId: string) => void;
  onExport: (captureIds: string[], label: string) => void;
  announce: (message: string, undo?: () => void) => void;
}

/**
 * The people in the log: every account that wrote a captured post or sent a captured email, and
 * the people the person made by merging accounts that belong to one individual. Per person: their
 * captures, incidents, first and last contact and how often.
 */
export function PeopleView({ onShowInLog, onExport, announce }: PeopleViewProps) {
  const db = getDb();
  const { generation } = useLogSearch();
  const codec = useCodec();
  const stored = useLiveQuery(async () => {
    const [facts, persons, incidents] = await Promise.all([allFacts(db), db.people.toArray(), db.incidents.toArray()]);
    return { facts, persons, incidents };
  }, [generation]);
  // The words of sealed people and incidents are opened outside the live query.
  const data = useOpened(stored, codec, async (c, s) => ({ facts: s.facts, ...(await openLogWords(c, s)) }));
  const people = useMemo(() => (data ? summarisePeople(data.facts, data.persons, data.incidents) : undefined), [data]);
  const [selected, setSelected] = useState<string[]>([]);
  const [mergeName, setMergeName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | undefined>();

  if (!people || !data) return null;
  if (data.locked > 0 && !codec.canOpen) {
    return <LockedLog sealedCount={data.locked} idPrefix="people-unlock" countText={i18n.t('sealed.wordsCount', data.locked, [String(data.locked)])} explain={i18n.t('sealed.wordsExplain')} />;
  }

  async function merge() {
    const chosen = people!.filter((p) => selected.includes(p.id));
    const name = mergeName.trim() || chosen[0]?.name || '';
    if (!name) {
      announce(i18n.t('people.nameMissing'));
      return;
    }
    const into = chosen.find((p) => p.merged)?.id.slice(2);
    const keys = chosen.flatMap((p) => (p.merged ? data!.persons.find((x) => `p:${x.id}` === p.id)?.accountKeys ?? [] : [p.id.slice(2)]));
    const person = await mergeAccounts(db, keys, name, into, Date.now, codec);
    for (const other of chosen.filter((p) => p.merged && p.id !== `p:${person.id}`)) await db.people.delete(other.id.slice(2));
    setSelected([]);
    setMergeName('');
    announce(i18n.t('people.merged', [String(keys.length), person.name]));
  }

  async function split(person: PersonSummary, key: string, label: string) {
    const id = person.id.slice(2);
    await splitAccount(db, id, key, Date.now, codec);
    announce(i18n.t('people.split', [label, person.name]), () => void mergeAccounts(db, [key], person.name, id, Date.now, codec).then(() => announce(i18n.t('people.undone'))));
  }

  async function saveName() {
    if (!renaming) return;
    if (!renaming.name.trim()) {
      announce(i18n.t('people.nameMissing'));
      return;
    }
    await renamePerson(db, renaming.id, renaming.name, Date.now, codec);
    setRenaming(undefined);
    announce(i18n.t('people.renamed', [renaming.name.trim()]));
  }

  return (
    <section class="people" aria-labelledby="people-heading">
      <h2 id="people-heading">{i18n.t('people.heading')}</h2>
      <p class="hint">{i18n.t('people.explain')}</p>
      {people.length === 0 ? (
        <p class="empty">{i18n.t('people.empty')}</p>
      ) : (
        <>
          <div class="selection-bar" role="group" aria-label={i18n.t('people.mergeGroup')}>
            <span>{i18n.t('people.selectedCount', selected.length, [String(selected.length)])}</span>
            {selected.length >= 2 && (
              <>
                <label for="merge-name">{i18n.t('people.mergeName')}</label>
                <input id="merge-name" value={mergeName} placeholder={people.find((p) => p.id === selected[0])?.name} onInput={(e) => setMergeName((e.currentTarget as HTMLInputElement).value)} />
                <button type="button" class="button button--primary" onClick={() => void merge()}>
                  {i18n.t('people.merge')}
                </button>
              </>
            )}
          </div>
          <div class="table-scroll">
            <table class="people-table">
              <caption class="visually-hidden">{i18n.t('people.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('people.select')}</th>
                  <th scope="col">{i18n.t('people.name')}</th>
                  <th scope="col">{i18n.t('people.accounts')}</th>
                  <th scope="col">{i18n.t('people.captures')}</th>
                  <th scope="col">{i18n.t('people.incidents')}</th>
                  <th scope="col">{i18n.t('people.firstContact')}</th>
                  <th scope="col">{i18n.t('people.lastContact')}</th>
                  <th scope="col">{i18n.t('people.perWeek')}</th>
                  <th scope="col">{i18n.t('people.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id} data-person-id={p.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={i18n.t('people.selectPerson', [p.name])}
                        checked={selected.includes(p.id)}
                        onChange={(e) => setSelected((e.currentTarget as HTMLInputElement).checked ? [...selected, p.id] : selected.filter((s) => s !== p.id))}
                      />
                    </td>
                    <th scope="row">
                      {renaming?.id === p.id.slice(2) ? (
                        <span class="rename">
                          <label for={`rename-${p.id}`} class="visually-hidden">
                            {i18n.t('people.newName')}
                          </label>
                          <input id={`rename-${p.id}`} value={renaming.name} onInput={(e) => setRenaming({ id: renaming.id, name: (e.currentTarget as HTMLInputElement).value })} autoFocus />
                          <button type="button" class="button button--quiet" onClick={() => void saveName()}>
                            {i18n.t('people.saveName')}
                          </button>
                        </span>
                      ) : (
                        p.name
                      )}
                    </th>
                    <td>
                      <ul class="accounts">
                        {p.accounts.map((a) => (
                          <li key={a.key}>
                            <span>{`${accountLabel(a)} · ${a.platform}`}</span>
                            {p.merged && (
                              <button type="button" class="button button--quiet button--small" onClick={() => void split(p, a.key, accountLabel(a))}>
                                {i18n.t('people.splitAccount', [accountLabel(a)])}
                              </button>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{p.captureIds.length}</td>
                    <td>{p.incidentIds.length}</td>
                    <td>{p.firstContact ? <time dateTime={p.firstContact}>{formatLocal(p.firstContact)}</time> : '—'}</td>
                    <td>{p.lastContact ? <time dateTime={p.lastContact}>{formatLocal(p.lastContact)}</time> : '—'}</td>
                    <td>{p.perWeek}</td>
                    <td class="actions">
                      <button type="button" class="button button--quiet button--small" onClick={() => onShowInLog(p.id)} disabled={!p.captureIds.length}>
                        {i18n.t('people.showCaptures')}
                      </button>
                      <button type="button" class="button button--quiet button--small" onClick={() => onExport(p.captureIds, i18n.t('exportChoice.selectionPerson', [p.name]))} disabled={!p.captureIds.length}>
                        {i18n.t('people.export')}
                      </button>
                      {p.merged && !renaming && (
                        <button type="button" class="button button--quiet button--small" onClick={() => setRenaming({ id: p.id.slice(2), name: p.name })}>
                          {i18n.t('people.rename')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
