// English strings of announcements that ask to be confirmed.
import type { acksRu } from "./acks.ru";
import type { Plural } from "./index";

type Same<T> = { [K in keyof T]: T[K] extends string ? string : Plural };

export const acksEn: Same<typeof acksRu> = {
  "error.ack_not_allowed": "Only teachers and administrators can ask for confirmation.",
  "error.own_message": "You do not need to confirm your own message.",
  "error.not_message_author": "Only the message's author and the chat's moderators see who has confirmed.",
  "error.ack_not_required": "This message does not ask to be confirmed.",
  "error.remind_too_soon": "You can remind at most once an hour. Try again later.",

  "acks.toggle": "Important: ask to confirm",
  "acks.toggleHint": "Recipients get a \"Confirm I have read it\" button; you see who has confirmed.",
  "acks.badge": "Important · please confirm",
  "acks.confirm": "Confirm I have read it",
  "acks.confirmed": "Confirmed ✓",
  "acks.countFamilies": { one: "Confirmed by {confirmed} of {count} family", other: "Confirmed by {confirmed} of {count} families" },
  "acks.countPeople": { one: "Confirmed by {confirmed} of {count} person", other: "Confirmed by {confirmed} of {count} people" },
  "acks.details": "Who confirmed",
  "acks.remind": "Remind those who have not confirmed",
  "acks.reminded": { one: "Reminder sent to {count} person.", other: "Reminder sent to {count} people." },
  "acks.nobodyToRemind": "Nobody to remind: everyone has confirmed.",
  "acks.dialogTitle": "Who confirmed",
  "acks.byFamily": "In a parents' chat each family counts once: one parent's confirmation counts for the family.",
  "acks.confirmedList": "Confirmed ({count})",
  "acks.pendingList": "Not confirmed yet ({count})",
  "acks.nobody": "Nobody.",
  "acks.parents": "Parents: {names}",
  "acks.noParents": "No parents in the chat",
  "acks.confirmedBy": "Confirmed by {name}, {when}",
  "acks.confirmedAt": "{when}",
  "acks.reminderTitle": "Reminders",
  "acks.reminder": "Please confirm: {text}",
  "acks.reminderFrom": "from {name}",
  "acks.open": "Open",
  "acks.dismiss": "Dismiss",
};
