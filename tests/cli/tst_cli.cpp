// chexview-cli commands through CliApp, with their JSON and exit codes.
#include "TestData.h"
#include "chexview/cli/CliApp.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
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
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void infoDicom()
    {
        const QString f = sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        const Run r = cli({QStringLiteral("info"), f});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("file")).toString(), f);
        QCOMPARE(o.value(QStringLiteral("width")).toInt(), 1024);
        QCOMPARE(o.value(QStringLiteral("height")).toInt(), 1024);
        QCOMPARE(o.value(QStringLiteral("bits_stored")).toInt(), 8);
        QCOMPARE(o.value(QStringLiteral("photometric")).toString(), QStringLiteral("MONOCHROME2"));
        QCOMPARE(o.value(QStringLiteral("transfer_syntax")).toString(),
                 QStringLiteral("1.2.840.10008.1.2.4.50"));
        QCOMPARE(o.value(QStringLiteral("modality")).toString(), QStringLiteral("CR"));
        QCOMPARE(o.value(QStringLiteral("view_position")).toString(), QStringLiteral("PA"));
        QCOMPARE(o.value(QStringLiteral("pixel_spacing")).toArray().at(0).toDouble(), 0.168);
        QCOMPARE(o.value(QStringLiteral("frames")).toInt(), 1);
        QVERIFY(o.value(QStringLiteral("window")).isArray());
    }

    void infoWindowsAndNulls()
    {
        const QString f = sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm"));
        const QJsonObject o =
            QJsonDocument::fromJson(cli({QStringLiteral("info"), f}).out.toUtf8()).object();
        QVERIFY(o.value(QStringLiteral("pixel_spacing")).isNull());
        const QJsonObject w = o.value(QStringLiteral("window")).toArray().at(0).toObject();
        QCOMPARE(w.value(QStringLiteral("center")).toDouble(), 550.0);
        QCOMPARE(w.value(QStringLiteral("width")).toDouble(), 1024.0);
        QCOMPARE(w.value(QStringLiteral("function")).toString(), QStringLiteral("LINEAR"));
    }

    void infoContinuesAfterBadFile()
    {
        const QString good = sharedData(QStringLiteral("other/00000001_000.png"));
        const Run r = cli({QStringLiteral("info"), QStringLiteral("/nope.dcm"), good});
        QCOMPARE(r.code, 1);
        const QStringList errLines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(errLines.size(), 1);
        QVERIFY(errLines.first().startsWith(QStringLiteral("/nope.dcm: error: not-found")));
        const QStringList outLines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(outLines.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(outLines.first().toUtf8())
                     .object()
                     .value(QStringLiteral("width"))
                     .toInt(),
                 512);
    }

    void renderWindowAndInvert()
    {
        QTemporaryDir dir;
        const QString f = fixture(QStringLiteral("nih12_ele.dcm"));
        const QString a = dir.filePath(QStringLiteral("a.png"));
        const QString b = dir.filePath(QStringLiteral("b.png"));
        QCOMPARE(cli({QStringLiteral("render"), f, QStringLiteral("-o"), a,
                      QStringLiteral("--window"), QStringLiteral("2048,4096")})
                     .code,
                 0);
        QCOMPARE(
            cli({QStringLiteral("render"), f, QStringLiteral("-o"), b, QStringLiteral("--window"),
                 QStringLiteral("2048,4096"), QStringLiteral("--invert")})
                .code,
            0);
        const QImage ia(a), ib(b);
        QCOMPARE(ia.size(), QSize(1024, 1024));
        const RawImage ref = loadReference(QStringLiteral("src12"));
        // LINEAR c=2048 w=4096 maps stored s to round(((s - 2047.5) / 4095 + 0.5) * 255).
        for (int i : {0, 5000, 300000, 777777}) {
            const int x = i % 1024, y = i / 1024;
            const double v = (ref.values[size_t(i)] - 2047.5) / 4095.0 + 0.5;
            const int expected = int(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
            QCOMPARE(qGray(ia.pixel(x, y)), expected);
            QCOMPARE(qGray(ib.pixel(x, y)), 255 - expected);
        }
    }

    // `render --preset`: on every chest film in the data (NIH PNGs of both sizes, the
    // follow-ups, the other sources, the DICOM films) the three presets give three different
    // pictures: the smallest mean |display level difference| of any pair is asserted.
    void renderPresetsDifferOnRealFilms()
    {
        QStringList films;
        for (const QString& sub :
             {QStringLiteral("nih/images-1024"), QStringLiteral("nih/followups"),
              QStringLiteral("other"), QStringLiteral("dicom")}) {
            const QDir dir(sharedData(sub));
            for (const QFileInfo& fi : dir.entryInfoList(
                     {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.dcm")},
                     QDir::Files))
                films << fi.absoluteFilePath();
        }
        QVERIFY(films.size() >= 15);
        QTemporaryDir dir;
        double closest = 1e9;
        QString closestWhere;
        for (const QString& f : films) {
            QList<QImage> shown;
            for (const QString& preset :
                 {QStringLiteral("lung"), QStringLiteral("mediastinum"), QStringLiteral("bone")}) {
                const QString out = dir.filePath(preset + QStringLiteral(".png"));
                const Run r = cli({QStringLiteral("render"), f, QStringLiteral("-o"), out,
                                   QStringLiteral("--preset"), preset});
                QVERIFY2(r.code == 0, qPrintable(f + QLatin1Char(' ') + r.err));
                QVERIFY(r.err.contains(QStringLiteral("preset ")));
                shown << QImage(out).convertToFormat(QImage::Format_Grayscale8);
            }
            for (int a = 0; a < 3; ++a)
                for (int b = a + 1; b < 3; ++b) {
                    qint64 sum = 0;
                    for (int y = 0; y < shown[a].height(); ++y)
                        for (int x = 0; x < shown[a].width(); ++x)
                            sum +=
                                std::abs(qGray(shown[a].pixel(x, y)) - qGray(shown[b].pixel(x, y)));
                    const double d = double(sum) / (double(shown[a].width()) * shown[a].height());
                    if (d < closest) {
                        closest = d;
                        closestWhere = QStringLiteral("%1 presets %2/%3")
                                           .arg(QFileInfo(f).fileName())
                                           .arg(a)
                                           .arg(b);
                    }
                }
        }
        qInfo("%lld films: closest presets differ by %.1f levels (%s)", qint64(films.size()),
              closest, qPrintable(closestWhere));
        QVERIFY2(closest >= 12.0, qPrintable(closestWhere));
        // --preset and --window exclude each other; an unknown preset is a usage error.
        QCOMPARE(cli({QStringLiteral("render"), films.first(), QStringLiteral("-o"),
                      dir.filePath(QStringLiteral("x.png")), QStringLiteral("--preset"),
                      QStringLiteral("lung"), QStringLiteral("--window"), QStringLiteral("1,2")})
                     .code,
                 2);
        const Run bad = cli({QStringLiteral("render"), films.first(), QStringLiteral("-o"),
                             dir.filePath(QStringLiteral("x.png")), QStringLiteral("--preset"),
                             QStringLiteral("brain")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(QStringLiteral("lung|mediastinum|bone")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::newRow("no command") << QStringList{} << 2;
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << 2;
        QTest::newRow("info without files") << QStringList{QStringLiteral("info")} << 2;
        QTest::newRow("render without output")
            << QStringList{QStringLiteral("render"), QStringLiteral("x.png")} << 2;
        QTest::newRow("render bad window")
            << QStringList{QStringLiteral("render"),   QStringLiteral("x.png"),
                           QStringLiteral("-o"),       QStringLiteral("y.png"),
                           QStringLiteral("--window"), QStringLiteral("5")}
            << 2;
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0;
        const QStringList eval = {QStringLiteral("evaluate"), QStringLiteral("--labels"),
                                  QStringLiteral("l.csv"), QStringLiteral("--predictions"),
                                  QStringLiteral("p.csv")};
        QTest::newRow("evaluate boxes without images")
            << eval + QStringList{QStringLiteral("--boxes"), QStringLiteral("b.csv")} << 2;
        QTest::newRow("evaluate compare precision without images")
            << eval + QStringList{QStringLiteral("--compare-precision"), QStringLiteral("int8")}
            << 2;
        QTest::newRow("evaluate two compare sources")
            << eval + QStringList{QStringLiteral("--compare-precision"), QStringLiteral("int8"),
                                  QStringLiteral("--compare-predictions"), QStringLiteral("p.csv")}
            << 2;
        QTest::newRow("evaluate cam threshold out of range")
            << eval + QStringList{QStringLiteral("--cam-threshold"), QStringLiteral("2")} << 2;
    }

    void evaluateCompareIdenticalSources()
    {
        // A CSV against itself: every difference 0 with CI [0, 0], nothing flips, exit 0.
        const QString labels = sharedData(QStringLiteral("nih/images-256/labels.csv"));
        const QString preds =
            sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv"));
        QTemporaryDir dir;
        const Run r = cli(
            {QStringLiteral("evaluate"), QStringLiteral("--labels"), labels,
             QStringLiteral("--predictions"), preds, QStringLiteral("--compare-predictions"), preds,
             QStringLiteral("--bootstrap"), QStringLiteral("100"), QStringLiteral("--format"),
             QStringLiteral("json"), QStringLiteral("--out"), dir.path()});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject c = o.value(QStringLiteral("comparison")).toObject();
        QCOMPARE(c.value(QStringLiteral("images")).toInt(), 496);
        QCOMPARE(c.value(QStringLiteral("flips")).toInt(), 0);
        const QJsonArray findings = c.value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 14);
        for (const QJsonValue& v : findings) {
            const QJsonObject f = v.toObject();
            QCOMPARE(f.value(QStringLiteral("delta")).toDouble(-1), 0.0);
            QCOMPARE(f.value(QStringLiteral("delta_ci")).toArray(), (QJsonArray{0.0, 0.0}));
            QCOMPARE(f.value(QStringLiteral("auroc_a")).toDouble(),
                     f.value(QStringLiteral("auroc_b")).toDouble());
        }
        QFile flips(dir.filePath(QStringLiteral("flips.csv")));
        QVERIFY(flips.open(QIODevice::ReadOnly));
        QCOMPARE(flips.readAll().count('\n'), 1); // the header only
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("comparison.csv"))));
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QCOMPARE(cli(args).code, code);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
