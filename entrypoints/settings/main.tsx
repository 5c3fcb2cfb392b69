import { i18n } from '#i18n';
import { render } from 'preact';
import { SettingsView } from '@/components/settings-view';
import '@/components/styles.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = i18n.t('settings.title');
render(<SettingsView />, document.getElementById('app')!);
