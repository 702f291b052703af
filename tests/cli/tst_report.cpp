// `chexview-cli report` (one-page PDF, read back with poppler's pdftotext / pdfinfo /
// pdfimages) and `predict FOLDER` with the CSV's thresholds and positive flags.
#include "TestData.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/ChestXray14.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

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
