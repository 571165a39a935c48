import accountLockedDeSubject from './messages/account-locked/de.subject.mustache';
import accountLockedDeHtml from './messages/account-locked/de.html.mustache';
import accountLockedDeText from './messages/account-locked/de.text.mustache';
import accountLockedDeSms from './messages/account-locked/de.sms.mustache';
import accountLockedEnSubject from './messages/account-locked/en.subject.mustache';
import accountLockedEnHtml from './messages/account-locked/en.html.mustache';
import accountLockedEnText from './messages/account-locked/en.text.mustache';
import accountLockedEnSms from './messages/account-locked/en.sms.mustache';
import accountLockedFrSubject from './messages/account-locked/fr.subject.mustache';
import accountLockedFrHtml from './messages/account-locked/fr.html.mustache';
import accountLockedFrText from './messages/account-locked/fr.text.mustache';
import accountLockedFrSms from './messages/account-locked/fr.sms.mustache';
import newDeviceDeSubject from './messages/new-device/de.subject.mustache';
import newDeviceDeHtml from './messages/new-device/de.html.mustache';
import newDeviceDeText from './messages/new-device/de.text.mustache';
import newDeviceDeSms from './messages/new-device/de.sms.mustache';
import newDeviceEnSubject from './messages/new-device/en.subject.mustache';
import newDeviceEnHtml from './messages/new-device/en.html.mustache';
import newDeviceEnText from './messages/new-device/en.text.mustache';
import newDeviceEnSms from './messages/new-device/en.sms.mustache';
import newDeviceFrSubject from './messages/new-device/fr.subject.mustache';
import newDeviceFrHtml from './messages/new-device/fr.html.mustache';
import newDeviceFrText from './messages/new-device/fr.text.mustache';
import newDeviceFrSms from './messages/new-device/fr.sms.mustache';
import accountTakeoverDeSubject from './messages/account-takeover/de.subject.mustache';
import accountTakeoverDeHtml from './messages/account-takeover/de.html.mustache';
import accountTakeoverDeText from './messages/account-takeover/de.text.mustache';
import accountTakeoverDeSms from './messages/account-takeover/de.sms.mustache';
import accountTakeoverEnSubject from './messages/account-takeover/en.subject.mustache';
import accountTakeoverEnHtml from './messages/account-takeover/en.html.mustache';
import accountTakeoverEnText from './messages/account-takeover/en.text.mustache';
import accountTakeoverEnSms from './messages/account-takeover/en.sms.mustache';
import accountTakeoverFrSubject from './messages/account-takeover/fr.subject.mustache';
import accountTakeoverFrHtml from './messages/account-takeover/fr.html.mustache';
import accountTakeoverFrText from './messages/account-takeover/fr.text.mustache';
import accountTakeoverFrSms from './messages/account-takeover/fr.sms.mustache';
import type { AlertMailName } from '../../domain';
import type { MailTemplate } from './mail-templates';

/**
 * Messages to an account's owner about their own account's activity, from the files in
 * messages/<message>/<locale>.{subject,html,text,sms}.mustache (see README.md), with an SMS version for
 * an owner reached by phone. None carries a link: these are the messages a phishing attempt imitates,
 * so the owner is told to go to the sign-in page themselves.
 */
export const ALERT_TEMPLATES: Readonly<Record<AlertMailName, MailTemplate>> = {
  'account-locked': {
    placeholders: ['name', 'appName', 'unlocksAt'],
    locales: {
      de: { subject: accountLockedDeSubject, html: accountLockedDeHtml, text: accountLockedDeText, sms: accountLockedDeSms },
      en: { subject: accountLockedEnSubject, html: accountLockedEnHtml, text: accountLockedEnText, sms: accountLockedEnSms },
      fr: { subject: accountLockedFrSubject, html: accountLockedFrHtml, text: accountLockedFrText, sms: accountLockedFrSms },
    },
  },
  'new-device': {
    placeholders: ['name', 'appName', 'device', 'signedInAt'],
    locales: {
      de: { subject: newDeviceDeSubject, html: newDeviceDeHtml, text: newDeviceDeText, sms: newDeviceDeSms },
      en: { subject: newDeviceEnSubject, html: newDeviceEnHtml, text: newDeviceEnText, sms: newDeviceEnSms },
      fr: { subject: newDeviceFrSubject, html: newDeviceFrHtml, text: newDeviceFrText, sms: newDeviceFrSms },
    },
  },
  'account-takeover': {
    placeholders: ['name', 'appName'],
    locales: {
      de: { subject: accountTakeoverDeSubject, html: accountTakeoverDeHtml, text: accountTakeoverDeText, sms: accountTakeoverDeSms },
      en: { subject: accountTakeoverEnSubject, html: accountTakeoverEnHtml, text: accountTakeoverEnText, sms: accountTakeoverEnSms },
      fr: { subject: accountTakeoverFrSubject, html: accountTakeoverFrHtml, text: accountTakeoverFrText, sms: accountTakeoverFrSms },
    },
  },
};
