"""School subjects the catalogue is browsed by (codes are stable; the web client translates
them, the Russian names are the default)."""

from __future__ import annotations

SUBJECTS: dict[str, str] = {
    "primary": "Начальная школа",
    "russian": "Русский язык",
    "literature": "Литература",
    "reading": "Литературное чтение",
    "math": "Математика",
    "algebra": "Алгебра",
    "geometry": "Геометрия",
    "probability": "Вероятность и статистика",
    "informatics": "Информатика",
    "physics": "Физика",
    "chemistry": "Химия",
    "biology": "Биология",
    "geography": "География",
    "history": "История",
    "social": "Обществознание",
    "world": "Окружающий мир",
    "english": "Английский язык",
    "german": "Немецкий язык",
    "french": "Французский язык",
    "chinese": "Китайский язык",
    "native": "Родной язык",
    "art": "Изобразительное искусство",
    "music": "Музыка",
    "technology": "Труд (технология)",
    "pe": "Физическая культура",
    "safety": "Основы безопасности и защиты Родины",
    "astronomy": "Астрономия",
    "psychology": "Психология",
    "upbringing": "Воспитательная работа",
    "other": "Другое",
}

MIN_GRADE = 1
MAX_GRADE = 12
LANGUAGES = ("ru", "en", "tt", "ba", "cv", "ce", "sah", "de", "fr", "zh", "other")
