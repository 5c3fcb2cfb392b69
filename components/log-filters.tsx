import { i18n } from '#i18n';
import { BEHAVIOUR_CATEGORIES, type IncidentRecord } from '@/utils/db/log-records';
import { NO_FILTERS, type LogFilters as Filters, type LogSort, type LogStatusFilter } from '@/utils/log/filters';
import type { PersonOption } from '@/utils/people/person-options';
import { categoryLabel } from './labels';

export interface LogFiltersProps {
  filters: Filters;
  onChange: (filters: Filters) => void;
  platforms: string[];
  people: PersonOption[];
  incidents: IncidentRecord[];
}

/** Search, filters and order of the log. Every control has a visible label. */
export function LogFilters({ filters, onChange, platforms, people, incidents }: LogFiltersProps) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const own = [...new Set(incidents.flatMap((i) => i.categories))].filter((c) => !(BEHAVIOUR_CATEGORIES as readonly string[]).includes(c)).sort();
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  return (
    <form class="filters" role="search" aria-label={i18n.t('log.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
      <div class="field field--search">
        <label for="log-search">{i18n.t('log.searchLabel')}</label>
        <input id="log-search" type="search" value={filters.query} placeholder={i18n.t('log.searchPlaceholder')} onInput={(e) => set({ query: value(e) })} />
      </div>
      <div class="field">
        <label for="log-from">{i18n.t('log.from')}</label>
        <input id="log-from" type="date" value={filters.from} onInput={(e) => set({ from: value(e) })} />
      </div>
      <div class="field">
        <label for="log-to">{i18n.t('log.to')}</label>
        <input id="log-to" type="date" value={filters.to} onInput={(e) => set({ to: value(e) })} />
      </div>
      <div class="field">
        <label for="log-platform">{i18n.t('log.platform')}</label>
        <select id="log-platform" value={filters.platform} onChange={(e) => set({ platform: value(e) })}>
          <option value="">{i18n.t('log.any')}</option>
          {platforms.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="log-person">{i18n.t('log.person')}</label>
        <select id="log-person" value={filters.person} onChange={(e) => set({ person: value(e) })}>
          <option value="">{i18n.t('log.anyone')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="log-category">{i18n.t('log.category')}</label>
        <select id="log-category" value={filters.category} onChange={(e) => set({ category: value(e) })}>
          <option value="">{i18n.t('log.any')}</option>
          {[...BEHAVIOUR_CATEGORIES, ...own].map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="log-incident">{i18n.t('log.incident')}</label>
        <select id="log-incident" value={filters.incidentId} onChange={(e) => set({ incidentId: value(e) })}>
          <option value="">{i18n.t('log.any')}</option>
          {incidents.map((inc) => (
            <option key={inc.id} value={inc.id}>
              {inc.title}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="log-status">{i18n.t('log.status')}</label>
        <select id="log-status" value={filters.status} onChange={(e) => set({ status: value(e) as LogStatusFilter })}>
          <option value="all">{i18n.t('log.statusAll')}</option>
          <option value="ok">{i18n.t('log.statusOk')}</option>
          <option value="failed">{i18n.t('log.statusFailed')}</option>
        </select>
      </div>
      <div class="field">
        <label for="log-sort">{i18n.t('log.sort')}</label>
        <select id="log-sort" value={filters.sort} onChange={(e) => set({ sort: value(e) as LogSort })}>
          <option value="newest">{i18n.t('log.sortNewest')}</option>
          <option value="oldest">{i18n.t('log.sortOldest')}</option>
          <option value="platform">{i18n.t('log.sortPlatform')}</option>
        </select>
      </div>
      <button type="button" class="button button--quiet" onClick={() => onChange({ ...NO_FILTERS })}>
        {i18n.t('log.clearFilters')}
      </button>
    </form>
  );
}
