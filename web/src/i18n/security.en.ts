// English strings of two-factor authentication (TOTP) and the hardening errors.
import type { Plural } from "./index";
import type { securityRu } from "./security.ru";

type Same<T> = { [K in keyof T]: T[K] extends string ? string : Plural };

export const securityEn: Same<typeof securityRu> = {
  "error.totp_required": "Enter the code from your authenticator app.",
  "error.challenge_expired": "The time to enter the code has run out. Sign in again.",
  "error.totp_already_enabled": "Two-factor authentication is already on.",
  "error.totp_not_started": "Start the set-up again first.",
  "error.totp_not_enabled": "Two-factor authentication is not on.",
  "error.totp_enrolment_required": "Turn on two-factor authentication in your settings to use the operator console.",
  "error.totp_required_by_org": "This organisation requires administrators to use two-factor authentication. Turn it on in your settings.",
  "error.totp_enrol_first": "Turn on two-factor authentication for yourself first.",
  "error.payload_too_large": "The request is too large.",

  "totp.signInTitle": "Confirm it is you",
  "totp.signInIntro": "Open your authenticator app and enter the code for Parta.",
  "totp.code": "Code from the app",
  "totp.codeHint": "6 digits. Without your app, enter one of your recovery codes.",
  "totp.submit": "Confirm",
  "totp.back": "Sign in again",

  "profile.section.twofactor": "Two-factor authentication",
  "totp.loading": "Loading…",
  "totp.on": "On: signing in needs a code from your app.",
  "totp.off": "Off. Turn it on so that signing in needs a code from an app on your phone as well as your password.",
  "totp.requiredOperator": "The platform operator must have it: without it the operator console stays closed.",
  "totp.requiredOrgs": "Required for administrators of: {orgs}.",
  "totp.codesLeft": { one: "{count} recovery code left.", other: "{count} recovery codes left." },
  "totp.enable": "Turn on",
  "totp.password": "Your Parta password",
  "totp.continue": "Continue",
  "totp.step1": "1. Scan the QR code with an authenticator app (for example Yandex Key, Google Authenticator, FreeOTP).",
  "totp.qrAlt": "QR code for the authenticator app",
  "totp.manual": "Cannot scan it? Enter the key by hand:",
  "totp.secret": "Key",
  "totp.uri": "otpauth link",
  "totp.step2": "2. Enter the code the app shows.",
  "totp.confirm": "Turn on",
  "totp.cancel": "Cancel",
  "totp.codesTitle": "Recovery codes",
  "totp.codesIntro": "Each code works once when your phone is not at hand. Keep them somewhere safe: we will not show them again.",
  "totp.codesSaved": "I have saved the codes",
  "totp.enabled": "Two-factor authentication is on. Your other sessions have been ended.",
  "totp.newCodes": "New recovery codes",
  "totp.newCodesHint": "The old codes will stop working.",
  "totp.disable": "Turn off",
  "totp.disabled": "Two-factor authentication is off.",
  "totp.currentCode": "Code from the app, or a recovery code",
  "totp.copy": "Copy",
  "totp.copied": "Copied",

  "totp.policyTitle": "Two-factor authentication for administrators",
  "totp.policyLabel": "Require administrators to enter a code from an app when signing in",
  "totp.policyHint": "An administrator without two-factor authentication cannot work in the organisation until they turn it on in their settings.",
  "totp.policySave": "Save",
};
