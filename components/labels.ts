import { i18n } from '#i18n';
import { BEHAVIOUR_CATEGORIES, type ReportRecipient } from '@/utils/db/log-records';
import { categoryLabelWith } from '@/utils/incidents/categories';

/** The translated names of the fixed behaviour categories. */
export function categoryWords(): Record<string, string> {
  const words: Record<(typeof BEHAVIOUR_CATEGORIES)[number], string> = {
    threats: i18n.t('categories.threats'),
    'unwanted-contact': i18n.t('categories.unwantedContact'),
    monitoring: i18n.t('categories.monitoring'),
    'private-information': i18n.t('categories.privateInformation'),
    impersonation: i18n.t('categories.impersonation'),
    'intimate-images': i18n.t('categories.intimateImages'),
    defamation: i18n.t('categories.defamation'),
    hate: i18n.t('categories.hate'),
  };
  return words;
}

/** The label of any category in the page's language. */
export function categoryLabel(category: string): string {
  return categoryLabelWith(categoryWords())(category);
}

/** The label of a report recipient. */
export function recipientLabel(to: ReportRecipient): string {
  switch (to) {
    case 'platform':
      return i18n.t('incidents.reportTo.platform');
    case 'police':
      return i18n.t('incidents.reportTo.police');
    case 'lawyer':
      return i18n.t('incidents.reportTo.lawyer');
    case 'advocate':
      return i18n.t('incidents.reportTo.advocate');
  }
}
