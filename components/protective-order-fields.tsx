import { i18n } from '#i18n';
import type { ProtectiveOrderRecord } from '@/utils/db/log-records';

export type OrderDraft = Omit<ProtectiveOrderRecord, 'updatedAt' | 'sealed'>;

/** The details of a protective order, entered once and shared by every incident that violates it. */
export function ProtectiveOrderFields({ order, onChange }: { order: OrderDraft; onChange: (order: OrderDraft) => void }) {
  const field = (key: keyof Omit<OrderDraft, 'id' | 'sealed'>, label: string, type: 'text' | 'date' | 'area' = 'text') => {
    const id = `order-${key}`;
    const set = (e: Event) => onChange({ ...order, [key]: (e.currentTarget as HTMLInputElement).value });
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {type === 'area' ? (
          <textarea id={id} rows={3} value={order[key]} onInput={set} />
        ) : type === 'date' ? (
          <input id={id} type="date" value={order[key]} onInput={set} />
        ) : (
          <input id={id} type="text" value={order[key]} onInput={set} />
        )}
      </div>
    );
  };
  return (
    <fieldset class="order">
      <legend>{i18n.t('order.heading')}</legend>
      <p class="hint">{i18n.t('order.explain')}</p>
      {field('court', i18n.t('order.court'))}
      {field('caseNumber', i18n.t('order.caseNumber'))}
      {field('issuedOn', i18n.t('order.issuedOn'), 'date')}
      {field('expiresOn', i18n.t('order.expiresOn'), 'date')}
      {field('restrainedPerson', i18n.t('order.restrainedPerson'))}
      {field('terms', i18n.t('order.terms'), 'area')}
    </fieldset>
  );
}
