import { describe, expect, it } from "vitest";
import { checkDocument, checkFields, formatSize, isValidInn, isValidPhone } from "./validate";

describe("application form checks", () => {
  it("checks INN check digits (10 and 12 digits, spaces ignored)", () => {
    expect(isValidInn("7707083893")).toBe(true); // a well-known organisation INN
    expect(isValidInn("77 0708 3893")).toBe(true);
    expect(isValidInn("7707083894")).toBe(false);
    expect(isValidInn("500100732259")).toBe(true);
    expect(isValidInn("500100732258")).toBe(false);
    expect(isValidInn("12345")).toBe(false);
    expect(isValidInn("")).toBe(false);
  });

  it("accepts the phone forms the server accepts", () => {
    expect(isValidPhone("+7 916 123-45-67")).toBe(true);
    expect(isValidPhone("8 (916) 123-45-67")).toBe(true);
    expect(isValidPhone("12")).toBe(false);
  });

  it("lists every problem at once", () => {
    const errors = checkFields({
      org_name: "Ш",
      kind: "school",
      region: "",
      address: "ул. Школьная, 1",
      inn: "1234567890",
      admin_full_name: "Иванова Мария",
      admin_phone: "+79161234567",
      admin_email: "no-at-sign",
    });
    expect(errors).toEqual({
      org_name: "apply.err.org_name",
      region: "apply.err.required",
      inn: "apply.err.inn",
      admin_email: "apply.err.admin_email",
    });
  });

  it("checks the document's type and size", () => {
    expect(checkDocument(null)).toBe("missing");
    expect(checkDocument(new File(["%PDF"], "order.pdf", { type: "application/pdf" }))).toBe(null);
    expect(checkDocument(new File(["x"], "order.docx", { type: "application/msword" }))).toBe("type");
    const big = new File([new Uint8Array(11 * 1024 * 1024)], "scan.png", { type: "image/png" });
    expect(checkDocument(big)).toBe("size");
    expect(formatSize(1536 * 1024, "en")).toBe("1.5 MB");
    expect(formatSize(2048, "ru")).toBe("2 КБ");
  });
});
