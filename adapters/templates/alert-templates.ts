import accountLockedDeSubject from './messages/account-locked/de.subject.mustache';
import accountLockedDeHtml from './messages/account-locked/de.html.mustache';
import accountLockedDeText from './messages/account-locked/de.text.mustache';
import accountLockedEnSubject from './messages/account-locked/en.subject.mustache';
import accountLockedEnHtml from './messages/account-locked/en.html.mustache';
import accountLockedEnText from './messages/account-locked/en.text.mustache';
import accountLockedFrSubject from './messages/account-locked/fr.subject.mustache';
import accountLockedFrHtml from './messages/account-locked/fr.html.mustache';
import accountLockedFrText from './messages/account-locked/fr.text.mustache';
import newDeviceDeSubject from './messages/new-device/de.subject.mustache';
import newDeviceDeHtml from './messages/new-device/de.html.mustache';
import newDeviceDeText from './messages/new-device/de.text.mustache';
import newDeviceEnSubject from './messages/new-device/en.subject.mustache';
import newDeviceEnHtml from './messages/new-device/en.html.mustache';
import newDeviceEnText from './messages/new-device/en.text.mustache';
import newDeviceFrSubject from './messages/new-device/fr.subject.mustache';
import newDeviceFrHtml from './messages/new-device/fr.html.mustache';
import newDeviceFrText from './messages/new-device/fr.text.mustache';
import type { AlertMailName } from '../../domain';
import type { MailTemplate } from './mail-templates';

/**
 * Mail to an account's owner about their own account's activity, from the files in
 * messages/<message>/<locale>.{subject,html,text}.mustache (see README.md).
 */
export const ALERT_TEMPLATES: Readonly<Record<AlertMailName, MailTemplate>> = {
  'account-locked': {
    placeholders: ['name', 'appName', 'unlocksAt'],
    locales: {
      de: { subject: accountLockedDeSubject, html: accountLockedDeHtml, text: accountLockedDeText },
      en: { subject: accountLockedEnSubject, html: accountLockedEnHtml, text: accountLockedEnText },
      fr: { subject: accountLockedFrSubject, html: accountLockedFrHtml, text: accountLockedFrText },
    },
  },
  'new-device': {
    placeholders: ['name', 'appName', 'device', 'signedInAt'],
    locales: {
      de: { subject: newDeviceDeSubject, html: newDeviceDeHtml, text: newDeviceDeText },
      en: { subject: newDeviceEnSubject, html: newDeviceEnHtml, text: newDeviceEnText },
      fr: { subject: newDeviceFrSubject, html: newDeviceFrHtml, text: newDeviceFrText },
    },
  },
};
