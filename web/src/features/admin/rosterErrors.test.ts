import { describe, expect, it } from "vitest";
import { translate, type Lang, type T } from "../../i18n";
import { outcomeReason, rowErrorText, type RowError, type RowOutcome } from "./rosterErrors";

const tr = (lang: Lang): T => (key, vars) => translate(lang, key, vars);
const ru = tr("ru");
const en = tr("en");

function err(code: RowError["code"], params: RowError["params"] = {}, message = "English text."): RowError {
  return { code, params, message };
}

describe("roster row errors", () => {
  it("translates codes with their params", () => {
    const e = err("parent_email_invalid", { value: "bad-mail" });
    expect(rowErrorText(ru, e)).toBe("Адрес родителя «bad-mail» написан с ошибкой.");
    expect(rowErrorText(en, e)).toBe("The parent's e-mail “bad-mail” is not valid.");
    const grade = err("grade_range", { value: "13А", max: 11 });
    expect(rowErrorText(ru, grade)).toBe("Класс «13А»: параллель должна быть от 1 до 11.");
    const dup = err("duplicate_row", { name: "Иванов Иван", class_label: "5А", row: 2 });
    expect(rowErrorText(ru, dup)).toBe("Иванов Иван (5А) уже есть в строке 2.");
    expect(rowErrorText(en, dup)).toBe("Иванов Иван (5А) is already on row 2.");
  });

  it("uses Russian plural forms for limits", () => {
    const limit = (max: number) => err("too_many_parent_emails", { max });
    expect(rowErrorText(ru, limit(1))).toBe("Можно указать не больше 1 адреса родителя.");
    expect(rowErrorText(ru, limit(2))).toBe("Можно указать не больше 2 адресов родителей.");
    expect(rowErrorText(ru, limit(5))).toBe("Можно указать не больше 5 адресов родителей.");
    expect(rowErrorText(en, limit(1))).toBe("At most 1 parent e-mail per student.");
    expect(rowErrorText(en, limit(2))).toBe("At most 2 parent e-mails per student.");
    const long = (max: number) => err("name_too_long", { max });
    expect(rowErrorText(ru, long(21))).toBe("ФИО длиннее 21 символа.");
    expect(rowErrorText(ru, long(200))).toBe("ФИО длиннее 200 символов.");
    expect(rowErrorText(en, long(200))).toBe("The name is longer than 200 characters.");
  });

  it("falls back to the server's message for stored and unknown codes", () => {
    expect(rowErrorText(ru, err("invalid_row", {}, "The student's name is missing."))).toBe(
      "The student's name is missing.",
    );
    const future = { code: "something_new", params: {}, message: "Something new." } as unknown as RowError;
    expect(rowErrorText(ru, future)).toBe("Something new.");
  });
});

describe("apply outcomes", () => {
  const base: RowOutcome = { row: 3, class_label: "6Б", full_name: "Петров Пётр", outcome: "failed", code: "", params: {}, message: "" };

  it("explains skipped and failed rows in the interface language", () => {
    const missing = { ...base, code: "class_not_in_year" as const, params: { class_label: "6Б" }, message: "The class 6Б does not exist." };
    expect(outcomeReason(ru, missing, undefined)).toBe("класса 6Б нет в текущем учебном году");
    const skipped = { ...base, outcome: "skipped" as const, code: "already_exists" as const, message: "already exists" };
    expect(outcomeReason(en, skipped, undefined)).toBe("this student is already in the class");
  });

  it("shows the preview's errors of an invalid row", () => {
    const invalid = { ...base, code: "row_invalid" as const, message: "The class is missing. The student's name is missing." };
    const errors = [err("class_missing"), err("name_missing")];
    expect(outcomeReason(ru, invalid, errors)).toBe("Не указан класс. Не указано ФИО ученика.");
    expect(outcomeReason(ru, invalid, undefined)).toBe(invalid.message);
  });
});
