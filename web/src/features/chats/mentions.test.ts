import { describe, expect, it } from "vitest";
import { fromWire, insertMention, matchPeople, mentionQuery, mentionedIds, toWire } from "./mentions";

const ANNA = { account_id: "01HZZZZZZZZZZZZZZZZZZZZZ0A", name: "Иванова Анна" };
const ANNA2 = { account_id: "01HZZZZZZZZZZZZZZZZZZZZZ0B", name: "Иванова Анна" };
const PETR = { account_id: "01HZZZZZZZZZZZZZZZZZZZZZ0C", name: "Ёлкин Пётр" };
const ANN = { account_id: "01HZZZZZZZZZZZZZZZZZZZZZ0D", name: "Анна" };

describe("mention query", () => {
  it("finds the @ being typed", () => {
    expect(mentionQuery("Привет @Ив", 10)).toEqual({ start: 7, query: "Ив" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("(@Ан", 4)).toEqual({ start: 1, query: "Ан" });
    expect(mentionQuery("@Иванова Ан", 11)).toEqual({ start: 0, query: "Иванова Ан" });
  });
  it("ignores e-mail addresses, finished lines and far-away @", () => {
    expect(mentionQuery("mail@school.ru", 14)).toBeNull();
    expect(mentionQuery("@Ив\nдальше", 10)).toBeNull();
    expect(mentionQuery("@ пробел", 8)).toBeNull();
    expect(mentionQuery("нет собачки", 5)).toBeNull();
    expect(mentionQuery("@" + "x".repeat(41), 42)).toBeNull();
  });
});

describe("matching members", () => {
  it("matches word starts in any case, ё as е", () => {
    const people = [ANNA, PETR, ANN];
    expect(matchPeople(people, "ан")).toEqual([ANN, ANNA]);
    expect(matchPeople(people, "ЕЛК")).toEqual([PETR]);
    expect(matchPeople(people, "ив ан")).toEqual([ANNA]);
    expect(matchPeople(people, "")).toHaveLength(3);
    expect(matchPeople(people, "zz")).toEqual([]);
  });
});

describe("tokens", () => {
  it("inserts the name and moves the caret after it", () => {
    const q = mentionQuery("Привет @Ив, как дела", 10);
    expect(q).not.toBeNull();
    const r = insertMention("Привет @Ив, как дела", q!, 10, "Иванова Анна");
    expect(r.text).toBe("Привет @Иванова Анна , как дела");
    expect(r.caret).toBe(21);
  });
  it("turns names into tokens on sending, longest name first", () => {
    const wire = toWire("@Иванова Анна и @Анна, посмотрите. @Ёлкин Пётр!", [ANNA, ANN, PETR]);
    expect(wire).toBe(`<@${ANNA.account_id}> и <@${ANN.account_id}>, посмотрите. <@${PETR.account_id}>!`);
    expect(mentionedIds(wire)).toEqual([ANNA.account_id, ANN.account_id, PETR.account_id]);
  });
  it("leaves e-mails, unknown names and partial words alone", () => {
    expect(toWire("anna@Анна.ru @Аннаx @Незнакомец", [ANN])).toBe("anna@Анна.ru @Аннаx @Незнакомец");
    expect(toWire("без упоминаний", [])).toBe("без упоминаний");
  });
  it("the person chosen first wins between two with one name", () => {
    expect(toWire("@Иванова Анна", [ANNA2, ANNA])).toBe(`<@${ANNA2.account_id}>`);
  });
  it("turns tokens back into names for editing", () => {
    const names = new Map([[ANNA.account_id, ANNA.name]]);
    expect(fromWire(`Привет, <@${ANNA.account_id}> и <@${PETR.account_id}>`, names)).toBe(
      `Привет, @Иванова Анна и <@${PETR.account_id}>`,
    );
  });
});
