// `chexview-cli report` (one-page PDF, read back with poppler's pdftotext / pdfinfo /
// pdfimages) and `predict FOLDER` with the CSV's thresholds and positive flags, in batches, and
// with the worker's own default precision.
#include "TestData.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/ChestXray14.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <tuple>

using namespace chexview;
using namespace chexview::test;

namespace {

const QStringList& kFindings = chestXray14Findings();

QString tool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("%1 failed: %2")
            .arg(program, QString::fromUtf8(p.readAllStandardError()));
    return QString::fromUtf8(p.readAllStandardOutput());
}

struct Run
{
    int code = -1;
    QString out, err;
};

template <typename F> Run runCommand(F command, const QStringList& args)
{
    Run r;
    QTextStream o(&r.out), e(&r.err);
    r.code = command(args, o, e);
    o.flush();
    e.flush();
    return r;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reportHasImageFindingsModelAndNotice_data()
    {
        QTest::addColumn<bool>("anonymize");
        QTest::addColumn<QString>("finding");
        QTest::newRow("identified-top-finding") << false << QString();
        QTest::newRow("anonymized-effusion") << true << QStringLiteral("Effusion");
    }

    void reportHasImageFindingsModelAndNotice()
    {
        QFETCH(bool, anonymize);
        QFETCH(QString, finding);
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        QStringList args{fixture(QStringLiteral("identified.dcm")), QStringLiteral("-o"), pdf};
        if (anonymize)
            args << QStringLiteral("--anonymize");
        if (!finding.isEmpty())
            args << QStringLiteral("--finding") << finding;
        const Run r = runCommand(runReportCommand, args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("untrained demo weights")));
        const QString text = tool(QStringLiteral("pdftotext"),
                                  {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY2(text.contains(QStringLiteral("NOT FOR CLINICAL USE")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("UNTRAINED demo weights")));
        QVERIFY(text.contains(QStringLiteral("Provenance:")));
        QVERIFY(text.contains(QStringLiteral("ran int8 on CPU"))); // the documented default
        QVERIFY(text.contains(QStringLiteral("Input gate: ")));    // the verdict is recorded
        QVERIFY(!text.contains(QStringLiteral("scores forced")));
        for (const QString& f : kFindings)
            QVERIFY2(text.contains(f), qPrintable(f));
        // The findings table: 14 rows "Finding score threshold yes|no".
        const auto rows =
            QRegularExpression(
                QStringLiteral("(\\w+)\\s+(0\\.\\d{3}|1\\.000)\\s+(0\\.\\d{3}|1\\.000)"
                               "\\s+(yes|no)"))
                .globalMatch(text);
        int count = 0;
        for (auto it = rows; it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            QVERIFY(kFindings.contains(m.captured(1)));
            QCOMPARE(m.captured(4) == QStringLiteral("yes"),
                     m.captured(2).toDouble() >= m.captured(3).toDouble());
            ++count;
        }
        QCOMPARE(count, 14);
        if (!finding.isEmpty())
            QVERIFY(text.contains(QStringLiteral("Heatmap: ") + finding));
        else
            QVERIFY(text.contains(QStringLiteral("Heatmap: ")));
        if (anonymize) {
            QVERIFY(text.contains(QStringLiteral("Patient: anonymized")));
            for (const QString& v : {QStringLiteral("Doe"), QStringLiteral("PID-4711"),
                                     QStringLiteral("20190423"), QStringLiteral("identified.dcm")})
                QVERIFY2(!text.contains(v), qPrintable(v));
        } else {
            QVERIFY(text.contains(QStringLiteral("Patient: Doe^Jane Marie")));
            QVERIFY(text.contains(QStringLiteral("Patient ID: PID-4711-XQ")));
            QVERIFY(text.contains(QStringLiteral("identified.dcm")));
        }
        const QString info = tool(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(QRegularExpression(QStringLiteral("Pages:\\s+1\\n")).match(info).hasMatch(),
                 qPrintable(info));
        QVERIFY(!info.contains(QStringLiteral("Doe")));
        // The image is embedded at its full 1024 px width (plus the legend strip below it).
        const QString images = tool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QVERIFY2(QRegularExpression(QStringLiteral("image\\s+1024\\s+1\\d{3}\\s"))
                     .match(images)
                     .hasMatch(),
                 qPrintable(images));
    }

    // The input gate before the report: a refused image gets none unless forced, and a forced
    // report says so on the page.
    void refusedImageIsReportedOnlyWhenForced()
    {
        QTemporaryDir dir;
        const QString tiny = dir.filePath(QStringLiteral("tiny.png"));
        QImage img(32, 32, QImage::Format_Grayscale8);
        img.fill(100);
        QVERIFY(img.save(tiny));
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        Run r = runCommand(runReportCommand, {tiny, QStringLiteral("-o"), pdf});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.err.contains(QStringLiteral("refused by the input gate: not analyzable: 32×32 px")),
            qPrintable(r.err));
        QVERIFY(!QFile::exists(pdf));
        r = runCommand(runReportCommand,
                       {tiny, QStringLiteral("--force"), QStringLiteral("-o"), pdf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString text = tool(QStringLiteral("pdftotext"),
                                  {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY2(text.contains(QStringLiteral("Input gate: refuse")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("(scores forced)")));
    }

    void reportErrorsAreClear()
    {
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        Run r = runCommand(runReportCommand,
                           {QStringLiteral("/nonexistent.dcm"), QStringLiteral("-o"), pdf});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent.dcm: error: not-found")));
        r = runCommand(runReportCommand,
                       {fixture(QStringLiteral("identified.dcm")), QStringLiteral("--finding"),
                        QStringLiteral("Gout"), QStringLiteral("-o"), pdf});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown finding 'Gout'")));
        QVERIFY(!QFile::exists(pdf));
        r = runCommand(runReportCommand, {fixture(QStringLiteral("identified.dcm"))});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.startsWith(QStringLiteral("usage: chexview-cli report")));
    }

    void predictWalksAFolder()
    {
        QTemporaryDir dir;
        const QString study = dir.filePath(QStringLiteral("study"));
        QDir().mkpath(study);
        // Two real films, a note that is not an image, and a subfolder (not descended into).
        QVERIFY(QFile::copy(sharedData(QStringLiteral("nih/images-256/00000075_000.png")),
                            study + QStringLiteral("/b.png")));
        QVERIFY(QFile::copy(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")),
                            study + QStringLiteral("/a.dcm")));
        writeFile(study + QStringLiteral("/notes.txt"), "not an image");
        QDir().mkpath(study + QStringLiteral("/sub"));
        const QString csv = dir.filePath(QStringLiteral("s.csv"));
        const Run r = runCommand(runPredictCommand, {study, QStringLiteral("--csv"), csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        QVERIFY(first.value(QStringLiteral("file")).toString().endsWith(QStringLiteral("/a.dcm")));
        QCOMPARE(first.value(QStringLiteral("precision")).toString(), QStringLiteral("int8"));
        QVERIFY(QJsonDocument::fromJson(lines[1].toUtf8())
                    .object()
                    .value(QStringLiteral("file"))
                    .toString()
                    .endsWith(QStringLiteral("/b.png")));
        // CSV: probabilities, then thresholds, then positive flags, in the manifest's order.
        const QStringList rows =
            QString::fromUtf8(readFile(csv)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows[0].split(QLatin1Char(','));
        QCOMPARE(header.size(), 5 + 3 * 14);
        QCOMPARE(header[5], QStringLiteral("Atelectasis"));
        QCOMPARE(header[5 + 14], QStringLiteral("threshold_Atelectasis"));
        QCOMPARE(header[5 + 28], QStringLiteral("positive_Atelectasis"));
        QCOMPARE(header.last(), QStringLiteral("positive_Hernia"));
        int positives = 0;
        for (int row = 1; row < 3; ++row) {
            const QStringList cells = rows[row].split(QLatin1Char(','));
            QCOMPARE(cells.size(), header.size());
            for (int k = 0; k < 14; ++k) {
                const double p = cells[5 + k].toDouble(), t = cells[5 + 14 + k].toDouble();
                QVERIFY(t > 0.0 && t < 1.0);
                QCOMPARE(cells[5 + 28 + k].toInt(), p >= t ? 1 : 0);
                positives += p >= t;
            }
        }
        qInfo("%d positive flags over 2 images x 14 findings", positives);
    }

    void predictInBatchesEqualsOneByOne()
    {
        // A folder goes through the engine in batches (decoded on the thread pool meanwhile); a
        // broken file in a batch is reported and the others are scored as one by one.
        QTemporaryDir dir;
        const QStringList names = {
            QStringLiteral("00000075_000.png"), QStringLiteral("00000100_000.png"),
            QStringLiteral("00000129_000.png"), QStringLiteral("00000211_000.png")};
        for (const QString& n : names)
            QVERIFY(
                QFile::copy(sharedData(QStringLiteral("nih/images-256/") + n), dir.filePath(n)));
        writeFile(dir.filePath(QStringLiteral("00000000_broken.png")), "not a png at all");
        const int images = int(names.size());
        auto scores = [&](const QString& batch) {
            const Run r = runCommand(runPredictCommand,
                                     {dir.path(), QStringLiteral("--batch"), batch,
                                      QStringLiteral("--precision"), QStringLiteral("fp32-opt")});
            QMap<QString, QJsonObject> byFile;
            for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
                byFile.insert(QFileInfo(o.value(QStringLiteral("file")).toString()).fileName(),
                              o.value(QStringLiteral("findings")).toObject());
            }
            return std::make_tuple(r.code, r.err, byFile);
        };
        const auto [code1, err1, one] = scores(QStringLiteral("1"));
        const auto [code4, err4, four] = scores(QStringLiteral("4"));
        QCOMPARE(code1, 1); // the broken file
        QCOMPARE(code4, 1);
        QVERIFY2(err4.contains(QStringLiteral("00000000_broken.png: error: ")), qPrintable(err4));
        QCOMPARE(one.size(), images);
        QCOMPARE(four.keys(), one.keys());
        double worst = 0.0;
        for (const QString& f : one.keys())
            for (const QString& k : one[f].keys())
                worst = std::max(worst, std::abs(one[f][k].toDouble() - four[f][k].toDouble()));
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
        const Run bad = runCommand(runPredictCommand,
                                   {dir.path(), QStringLiteral("--batch"), QStringLiteral("0")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(QStringLiteral("--batch takes 1 to 256")));
    }

    void predictWithTheWorkerUsesItsDefaultPrecision()
    {
        // The worker has no INT8: without --precision it runs fp32-opt (on the CPU) instead of
        // refusing the viewer's int8 default, and equals the in-process engine at fp32-opt.
        const QString image = sharedData(QStringLiteral("nih/images-256/00000075_000.png"));
        const Run w = runCommand(runPredictCommand,
                                 {image, QStringLiteral("--engine"), QStringLiteral("worker")});
        QVERIFY2(w.code == 0, qPrintable(w.err));
        const QJsonObject o = QJsonDocument::fromJson(w.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("precision")).toString(), QStringLiteral("fp32-opt"));
        QVERIFY(o.value(QStringLiteral("engine")).toString().startsWith(QStringLiteral("worker")));
        const Run l = runCommand(
            runPredictCommand, {image, QStringLiteral("--precision"), QStringLiteral("fp32-opt")});
        QVERIFY2(l.code == 0, qPrintable(l.err));
        const QJsonObject a = o.value(QStringLiteral("findings")).toObject();
        const QJsonObject b = QJsonDocument::fromJson(l.out.toUtf8())
                                  .object()
                                  .value(QStringLiteral("findings"))
                                  .toObject();
        QCOMPARE(a.size(), 14);
        for (const QString& k : a.keys())
            QVERIFY2(std::abs(a[k].toDouble() - b[k].toDouble()) < 1e-4, qPrintable(k));
    }

    void predictOnAnEmptyFolderSaysSo()
    {
        QTemporaryDir dir;
        const Run r = runCommand(runPredictCommand, {dir.path()});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("no supported images in this folder")));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
