// `chexview-cli studies` and `worklist` (issue 19) through CliApp: the JSON per patient with
// priors on the real NIH follow-ups and the generated DICOM tree, the table, the index reused on
// a second run; the worklist's ranks, its scores equal to `predict`'s (the highest over a
// study's frontal images) and its order equal to the triage order of those scores.
#include "TestData.h"
#include "chexview/cli/CliApp.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

struct Run
{
    int code;
    QString out;
    QString err;
};

Run cli(const QStringList& args)
{
    Run r;
    QTextStream out(&r.out), err(&r.err);
    r.code = CliApp(out, err).run(args);
    out.flush();
    err.flush();
    return r;
}

QList<QJsonObject> lines(const QString& text)
{
    QList<QJsonObject> out;
    for (const QString& l : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out << QJsonDocument::fromJson(l.toUtf8()).object();
    return out;
}

QString tree()
{
    return QStringLiteral(CHEXVIEW_STUDY_FIXTURES "/tree");
}

} // namespace

class TestStudiesCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void studiesFollowUps()
    {
        QTemporaryDir tmp;
        const Run r = cli({QStringLiteral("studies"), sharedData(QStringLiteral("nih/followups")),
                           QStringLiteral("--labels"),
                           sharedData(QStringLiteral("nih/meta/Data_Entry_2017_v2020.csv.gz")),
                           QStringLiteral("--index"), tmp.filePath(QStringLiteral("i.sqlite"))});
        QCOMPARE(r.code, 0);
        const QList<QJsonObject> p = lines(r.out);
        QCOMPARE(p.size(), 1);
        QCOMPARE(p[0].value(QStringLiteral("patient_id")).toString(), QStringLiteral("00000001"));
        const QJsonArray studies = p[0].value(QStringLiteral("studies")).toArray();
        QCOMPARE(studies.size(), 3);
        QVERIFY(studies[0].toObject().value(QStringLiteral("prior_study_uid")).isNull());
        QCOMPARE(studies[2].toObject().value(QStringLiteral("prior_study_uid")).toString(),
                 QStringLiteral("00000001_001"));
        QVERIFY(studies[1].toObject().value(QStringLiteral("date")).isNull());
        const QJsonObject series =
            studies[1].toObject().value(QStringLiteral("series")).toArray()[0].toObject();
        QCOMPARE(series.value(QStringLiteral("view_position")).toString(), QStringLiteral("PA"));
        QCOMPARE(series.value(QStringLiteral("instances")).toInt(), 1);
        QCOMPARE(series.value(QStringLiteral("series_uid")).toString(),
                 QStringLiteral("00000001_001"));
    }

    void studiesGeneratedTree()
    {
        QTemporaryDir tmp;
        const QStringList args{QStringLiteral("studies"), tree(), QStringLiteral("--index"),
                               tmp.filePath(QStringLiteral("i.sqlite"))};
        const Run r = cli(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(
            r.err.contains(QStringLiteral("9 files, 0 from the index, 9 read, 1 not study images")),
            qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("skipped ")) &&
                r.err.contains(QStringLiteral("no valid StudyInstanceUID")));
        const QList<QJsonObject> p = lines(r.out);
        QCOMPARE(p.size(), 2);
        const QJsonArray s1 = p[0].value(QStringLiteral("studies")).toArray();
        QStringList dates, priors;
        for (const QJsonValue& v : s1) {
            dates << v.toObject().value(QStringLiteral("date")).toString();
            priors << v.toObject()
                          .value(QStringLiteral("prior_study_uid"))
                          .toString()
                          .section(QLatin1Char('.'), -2);
        }
        QCOMPARE(dates.join(QLatin1Char(' ')), QStringLiteral("20230105 20231120 20240310"));
        QCOMPARE(priors.join(QLatin1Char(' ')), QStringLiteral(" 1.1 1.2"));
        const QJsonArray series = s1[2].toObject().value(QStringLiteral("series")).toArray();
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[1].toObject().value(QStringLiteral("view_position")).toString(),
                 QStringLiteral("LL"));
        QCOMPARE(s1[2].toObject().value(QStringLiteral("description")).toString(),
                 QStringLiteral("CHEST PA AND LATERAL"));
        // Second run: from the index, same output.
        const Run again = cli(args);
        QCOMPARE(again.code, 0);
        QVERIFY2(again.err.contains(QStringLiteral("9 files, 8 from the index, 1 read")),
                 qPrintable(again.err));
        QCOMPARE(again.out, r.out);
        // The table names each study once, with its prior.
        const Run table = cli({QStringLiteral("studies"), tree(), QStringLiteral("--format"),
                               QStringLiteral("table"), QStringLiteral("--no-index")});
        QCOMPARE(table.code, 0);
        QCOMPARE(table.out.count(QLatin1Char('\n')), 1 + 6);
        QVERIFY(table.out.contains(QStringLiteral("PA+LL")));
    }

    void studiesErrors()
    {
        QCOMPARE(cli({QStringLiteral("studies")}).code, 2);
        QCOMPARE(cli({QStringLiteral("studies"), tree(), QStringLiteral("--format"),
                      QStringLiteral("xml")})
                     .code,
                 2);
        const Run missing = cli({QStringLiteral("studies"), QStringLiteral("/nonexistent/x"),
                                 QStringLiteral("--no-index")});
        QCOMPARE(missing.code, 1);
        QVERIFY(
            missing.err.contains(QStringLiteral("error: not-found: /nonexistent/x: not found")));
    }

    // The worklist of the generated tree with the fixture model: one line per study (6), ranks
    // 1..6, each score the highest `predict` score over the study's frontal images (the LL image
    // of study 1.3 is left out), and the order that of the triage rules on those numbers.
    void worklist()
    {
        QTemporaryDir tmp;
        const Run r =
            cli({QStringLiteral("worklist"), tree(), QStringLiteral("--no-index"),
                 QStringLiteral("--cache"), tmp.filePath(QStringLiteral("c.csv")),
                 QStringLiteral("--precision"), QStringLiteral("fp32"), QStringLiteral("--now"),
                 QStringLiteral("20240310120000"), QStringLiteral("--aging-minutes"),
                 QStringLiteral("0"), QStringLiteral("--max-wait-minutes"), QStringLiteral("0")});
        QCOMPARE(r.code, 0);
        const QList<QJsonObject> w = lines(r.out);
        QCOMPARE(w.size(), 6);
        // predict on the frontal images of two studies (one call: one model load).
        const Run p =
            cli({QStringLiteral("predict"), tree() + QStringLiteral("/a_visit/IMG0001.dcm"),
                 tree() + QStringLiteral("/p2/early/IMG0001"), QStringLiteral("--precision"),
                 QStringLiteral("fp32")});
        QCOMPARE(p.code, 0);
        const QList<QJsonObject> predicted = lines(p.out);
        QCOMPARE(predicted.size(), 2);
        auto predictTop = [&predicted](int k, const QString& finding) {
            const QJsonObject f = predicted[k].value(QStringLiteral("findings")).toObject();
            return f.contains(finding) ? f.value(finding).toDouble() : -1.0;
        };
        int lastLevel = -1, checked = 0;
        for (int k = 0; k < w.size(); ++k) {
            const QJsonObject e = w[k];
            QCOMPARE(e.value(QStringLiteral("rank")).toInt(), k + 1);
            const int level = e.value(QStringLiteral("level")).toInt();
            QVERIFY(level >= lastLevel);
            lastLevel = level;
            QVERIFY(!e.value(QStringLiteral("reasons")).toArray().isEmpty());
            const QString uid = e.value(QStringLiteral("study_uid")).toString();
            const QString finding = e.value(QStringLiteral("top_finding")).toString();
            if (uid.endsWith(QStringLiteral(".1.3"))) {
                const double pa = predictTop(0, finding);
                ++checked;
                QVERIFY2(std::abs(e.value(QStringLiteral("score")).toDouble() - pa) < 1e-4,
                         qPrintable(QStringLiteral("%1 vs %2")
                                        .arg(e.value(QStringLiteral("score")).toDouble())
                                        .arg(pa)));
            }
            if (uid.endsWith(QStringLiteral(".2.1"))) {
                const double s = predictTop(1, finding);
                ++checked;
                QVERIFY(std::abs(e.value(QStringLiteral("score")).toDouble() - s) < 1e-4);
            }
        }
        QCOMPARE(checked, 2);
        // CSV with aging: on 2024-03-10 12:00 with a maximum wait of 200 days, the three studies
        // of 2023-01-05 and 2023-03-01 are overdue and go first, longest wait first, whatever
        // their scores; the others follow.
        const Run csv =
            cli({QStringLiteral("worklist"), tree(), QStringLiteral("--no-index"),
                 QStringLiteral("--cache"), tmp.filePath(QStringLiteral("c.csv")),
                 QStringLiteral("--precision"), QStringLiteral("fp32"), QStringLiteral("--format"),
                 QStringLiteral("csv"), QStringLiteral("--now"), QStringLiteral("20240310120000"),
                 QStringLiteral("--max-wait-minutes"), QStringLiteral("288000")});
        QCOMPARE(csv.code, 0);
        QVERIFY(csv.out.startsWith(
            QStringLiteral("rank,patient_id,study_uid,top_finding,score,threshold,reasons\n")));
        const QStringList rows = csv.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 7);
        QStringList firstThree;
        for (int k = 1; k <= 3; ++k)
            firstThree << rows[k].section(QLatin1Char(','), 2, 2).section(QLatin1Char('.'), -2);
        QCOMPARE(firstThree.join(QLatin1Char(' ')), QStringLiteral("1.1 2.1 2.2"));
        QVERIFY(rows[1].contains(QStringLiteral("maximum wait 288000 min: read next")));
        QVERIFY(!rows[4].contains(QStringLiteral("maximum wait")));
        const Run bad = cli({QStringLiteral("worklist"), tree(), QStringLiteral("--no-index"),
                             QStringLiteral("--priority"), QStringLiteral("Pneumothorax,Covid")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(QStringLiteral("unknown finding 'Covid'")));
    }
};

QTEST_GUILESS_MAIN(TestStudiesCli)
#include "tst_studies_cli.moc"
