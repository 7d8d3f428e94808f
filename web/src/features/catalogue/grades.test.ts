import { describe, expect, it } from "vitest";
import { excerpt, gradeParam, gradeRange, gradesField, isCatalogueTeacher } from "./grades";

describe("catalogue grades", () => {
  it("writes school years as ranges", () => {
    expect(gradeRange([5])).toBe("5");
    expect(gradeRange([7, 5, 6])).toBe("5–7");
    expect(gradeRange([5, 6])).toBe("5–6");
    expect(gradeRange([1, 3, 4, 5, 9])).toBe("1, 3–5, 9");
    expect(gradeRange([10, 11, 11, 1])).toBe("1, 10–11");
    expect(gradeRange([])).toBe("");
  });

  it("sends the chosen years sorted, without repeats", () => {
    expect(gradesField(new Set([7, 5, 6]))).toBe("5,6,7");
    expect(gradesField([3, 3, 1])).toBe("1,3");
    expect(gradesField([])).toBe("");
  });

  it("reads a grade from the address only when it is a school year", () => {
    expect(gradeParam("5")).toBe(5);
    expect(gradeParam("12")).toBe(12);
    expect(gradeParam("0")).toBeNull();
    expect(gradeParam("13")).toBeNull();
    expect(gradeParam("5a")).toBeNull();
    expect(gradeParam("")).toBeNull();
    expect(gradeParam(null)).toBeNull();
  });

  it("knows who may use the catalogue, as the server does", () => {
    expect(isCatalogueTeacher([{ role: "teacher", verified: true }])).toBe(true);
    expect(isCatalogueTeacher([{ role: "head", verified: true }])).toBe(true);
    expect(isCatalogueTeacher([{ role: "admin", verified: false }])).toBe(true);
    expect(isCatalogueTeacher([{ role: "teacher", verified: false }])).toBe(false);
    expect(isCatalogueTeacher([{ role: "staff", verified: true }])).toBe(false);
    expect(isCatalogueTeacher([{ role: "student", verified: true }, { role: "parent", verified: true }])).toBe(false);
  });

  it("shortens a description at a word", () => {
    expect(excerpt("Короткое  описание\nв две строки")).toBe("Короткое описание в две строки");
    const long = "слово ".repeat(60);
    const short = excerpt(long, 50);
    expect(short.endsWith("…")).toBe(true);
    expect(short.length).toBeLessThanOrEqual(51);
    expect(short).not.toContain("  ");
  });
});
