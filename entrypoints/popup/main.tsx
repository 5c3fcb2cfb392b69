import { render } from 'preact';
import { PopupView } from '@/components/popup-view';
import '@/components/styles.css';

document.documentElement.lang = browser.i18n.getUILanguage();
render(<PopupView />, document.getElementById('app')!);
