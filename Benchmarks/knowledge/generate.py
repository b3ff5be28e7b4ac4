#!/usr/bin/env python3
"""Writes N published practices in six languages straight into an Amity database.

    python3 Benchmarks/knowledge/generate.py sqlite PATH [N]
    python3 Benchmarks/knowledge/generate.py postgres URL [N]

Cities come from the gazetteer, weighted by population; languages are English 50 %, Chinese 15 %,
Korean 9 %, Spanish 10 %, French 8 %, Japanese 8 %. Words follow Zipf's law, as words of real
text do: each language's vocabulary is its pandemic-response words spread among 3,000 generated
long-tail words (every 15th rank from rank 10, in a fixed shuffled order), and the word of rank r
is drawn with weight 1/r. A domain word occurs in 2 % to 75 % of the practices of its language
depending on its rank, as a common word of a real library would. The rows bypass Amity, so `amity search reindex` must run afterwards (and that
is the time to index).
"""
import csv, gzip, io, os, random, sqlite3, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AREAS = ["social-distancing", "workplace-commuting", "vulnerable-groups", "service-delivery", "economic-recovery", "public-communication"]
WORDS = {
    "en": ("mask masks vaccine vaccination quarantine hotline elderly school schools transport testing hospital volunteers food delivery business "
           "loans rent tourism communication app data tracing shelter homeless migrants workers telework market sanitiser distribution pharmacy "
           "city residents support emergency centre housing care nurses clinic outbreak lockdown reopening buses metro libraries parks water "
           "waste digital training grants small families children students teachers online information campaign language translation").split(),
    "es": ("mascarillas vacuna vacunación cuarentena mayores escuelas transporte pruebas hospital voluntarios alimentos reparto empresas préstamos "
           "alquiler turismo comunicación datos rastreo albergue migrantes trabajadores teletrabajo mercado farmacia ciudad vecinos apoyo emergencia").split(),
    "fr": ("masques vaccin vaccination confinement aînés écoles transports dépistage hôpital bénévoles alimentation livraison entreprises prêts "
           "loyers tourisme communication données traçage hébergement migrants travailleurs télétravail marché pharmacie ville habitants soutien").split(),
    "zh": ("口罩 疫苗 接種 隔離 長者 學校 交通 檢測 醫院 志工 外送 社區 防疫 消毒 藥局 配給 紓困 租金 觀光 資訊 追蹤 收容 移工 勞工 遠距 市場 "
           "市民 支援 緊急 照顧 護理 診所 封城 解封 公車 捷運 圖書館 公園 培訓 補助 家庭 兒童 學生 教師 宣導 翻譯").split(),
    "ja": ("マスク ワクチン 接種 隔離 高齢者 学校 交通 検査 病院 ボランティア 配達 地域 消毒 薬局 配布 支援 家賃 観光 情報 追跡 避難所 "
           "外国人 労働者 テレワーク 市場 市民 緊急 介護 看護 診療所 バス 地下鉄 図書館 公園 研修 補助金 家族 子ども 学生 教員 多言語").split(),
    "ko": ("마스크 백신 접종 격리 노인 학교 교통 검사 병원 자원봉사자 배달 지역 소독 약국 배부 지원 임대료 관광 정보 추적 쉼터 이주민 "
           "노동자 재택근무 시장 시민 긴급 돌봄 간호 진료소 버스 지하철 도서관 공원 교육 보조금 가족 어린이 학생 교사 번역").split(),
}
JOIN = {"zh": "", "ja": "", "ko": " "}
LANGUAGES = ["en"] * 50 + ["zh"] * 15 + ["ko"] * 9 + ["es"] * 10 + ["fr"] * 8 + ["ja"] * 8
START, END = 1577836800, 1735603200  # 2020-01-01 .. 2024-12-31


SYLLABLES = {
    "en": "ba be bi bo ca co da de di do fa fe fi ga go ha he hi la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi".split(),
    "es": "ba be bi bo ca co cu da de di do fa fe fi ga go la le li lo lu ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to".split(),
    "fr": "ba be bi bo ca ce ci co da de di do fa fe fi ga ge la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti tou".split(),
    "zh": list("的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新"),
    "ja": list("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテトナニヌネノ"),
    "ko": list("가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히"),
}
VOCABULARY, CUMULATIVE = {}, {}


def vocabulary(language):
    if language not in VOCABULARY:
        rng = random.Random("vocabulary-" + language)
        tail, seen = [], set(WORDS[language])
        while len(tail) < 3_000:
            word = "".join(rng.choices(SYLLABLES[language], k=rng.randint(2, 3)))
            if word not in seen:
                seen.add(word); tail.append(word)
        words = tail[:]
        # Domain words, in a fixed shuffled order, take every 15th rank from rank 10: a few are
        # in most practices of their language, most in a few per cent.
        domain = WORDS[language][:]
        rng.shuffle(domain)
        for i, word in enumerate(domain):
            words.insert(min(len(words), 9 + i * 15), word)
        VOCABULARY[language] = words
        total, cumulative = 0.0, []
        for rank in range(len(words)):
            total += 1.0 / (rank + 1)
            cumulative.append(total)
        CUMULATIVE[language] = cumulative
    return VOCABULARY[language], CUMULATIVE[language]


def text(rng, language, n):
    words, cumulative = vocabulary(language)
    return JOIN.get(language, " ").join(rng.choices(words, cum_weights=cumulative, k=n))


def cities():
    ids, weights = [], []
    with gzip.open(os.path.join(ROOT, "Data", "gazetteer.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("city\t"):
                p = line.split("\t")
                ids.append(int(p[1])); weights.append(max(int(p[8]), 1000))
    return ids, weights


def rows(n, person):
    rng = random.Random(2020)
    ids, weights = cities()
    chosen = rng.choices(ids, weights=weights, k=n)
    for i in range(n):
        language = rng.choice(LANGUAGES)
        published = rng.randint(START, END)
        yield (chosen[i], text(rng, language, rng.randint(5, 9)).capitalize(), text(rng, language, rng.randint(15, 30)),
               text(rng, language, rng.randint(80, 200)), rng.choice(AREAS), "\n".join(rng.sample(WORDS[language], 3)), "", language,
               "published", False, person, published)


COLUMNS = "city_id, title, summary, body, area, tags, sdg_targets, language, status, call_selected, created_by, published_at, created_at, updated_at"


def sqlite(path, n):
    db = sqlite3.connect(path)
    person = db.execute("SELECT min(id) FROM people").fetchone()[0]
    with db:
        db.executemany(f"INSERT INTO practices ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (r + (float(r[-1]), float(r[-1])) for r in rows(n, person)))


def postgres(url, n):
    person = subprocess.run(["psql", url, "-Atc", "SELECT min(id) FROM people"], check=True, capture_output=True, text=True).stdout.strip()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for r in rows(n, int(person)):
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(r[-1]))
        writer.writerow(r[:-1] + (at, at, at))
    subprocess.run(["psql", url, "-qc", f"\\copy practices ({COLUMNS}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (tags, sdg_targets))"], input=buffer.getvalue(), text=True, check=True)


if __name__ == "__main__":
    kind, target = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    started = time.time()
    (sqlite if kind == "sqlite" else postgres)(target, count)
    print(f"wrote {count} practices in {time.time() - started:.1f} s")
