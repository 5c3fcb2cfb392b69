import { i18n } from '#i18n';
import { render } from 'preact';
import { DashboardView } from '@/components/dashboard-view';
import '@/components/styles.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = i18n.t('dashboard.title');
render(<DashboardView />, document.getElementById('app')!);
