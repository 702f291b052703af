// Dataset statistics on hand-made lists whose every number is worked out by hand below.
#include "TestData.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/DatasetStatsFormatter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

class TestDatasetStats : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { writeHandmadeLists(m_dir.path()); }

    void countsAndPercentages()
    {
        const DatasetStats s = DatasetStats::compute(DatasetReader::readSplitLists(m_dir.path()));
        QStringList order;
        for (const auto& sp : s.splits)
            order << sp.name;
        QCOMPARE(order, (QStringList{"train", "val", "test", "alpha", "zeta"}));
        const auto& train = s.splits[0];
        QCOMPARE(train.images, 4);
        QCOMPARE(train.patients, 3);
        QCOMPARE(train.positives[0], 2); // Atelectasis
        QCOMPARE(train.percent(0), 50.0);
        QCOMPARE(train.percent(1), 25.0);  // Cardiomegaly
        QCOMPARE(train.percent(13), 25.0); // Hernia, on the line without a final newline
        QCOMPARE(train.noFinding, 1);
        QCOMPARE(train.cooccurrence[0][1], 1);
        QCOMPARE(train.cooccurrence[2][13], 1);
        QCOMPARE(train.cooccurrence[0][0], 2);
        const auto& val = s.splits[1];
        QCOMPARE(val.images, 3); // 6 lines, 3 malformed left out
        QCOMPARE(val.patients, 3);
        QCOMPARE(val.positives[1], 1);
        QCOMPARE(val.positives[6], 1);
        const auto& test = s.splits[2];
        QCOMPARE(test.images, 1);
        QCOMPARE(test.noFindingPercent(), 100.0);
    }

    void malformedLinesReportedNotCounted()
    {
        const DatasetStats s = DatasetStats::compute(DatasetReader::readSplitLists(m_dir.path()));
        QCOMPARE(s.issues.size(), 3);
        QCOMPARE(s.issues[0].file, QStringLiteral("val_list.txt"));
        QCOMPARE(s.issues[0].line, 2);
        QVERIFY(s.issues[0].message.contains(QStringLiteral("found 13 labels")));
        QCOMPARE(s.issues[1].line, 3);
        QVERIFY(s.issues[1].message.contains(QStringLiteral("Hernia")));
        QCOMPARE(s.issues[2].line, 4);
        QVERIFY(s.issues[2].message.contains(QStringLiteral("duplicate")));
    }

    void leakage()
    {
        const DatasetStats s = DatasetStats::compute(DatasetReader::readSplitLists(m_dir.path()));
        QCOMPARE(s.leakage.size(), 1);
        QCOMPARE(s.leakage.value(QStringLiteral("00000003")), (QStringList{"train", "val"}));
    }

    void csvExact()
    {
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code =
            runDatasetCommand({QStringLiteral("stats"), QStringLiteral("--lists"), m_dir.path(),
                               QStringLiteral("--format"), QStringLiteral("csv")},
                              o, e);
        o.flush();
        e.flush();
        QCOMPARE(code, 3); // malformed lines were found (and reported on stderr)
        QCOMPARE(err.count(QLatin1Char('\n')), 3);
        QVERIFY(err.startsWith(QStringLiteral("val_list.txt:2: ")));
        const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 15);
        QCOMPARE(lines[0], QStringLiteral("finding,train,val,test,alpha,zeta"));
        QCOMPARE(lines[1], QStringLiteral("Atelectasis,50.000,0.000,0.000,0.000,0.000"));
        QCOMPARE(lines[2], QStringLiteral("Cardiomegaly,25.000,33.333,0.000,0.000,0.000"));
        QCOMPARE(lines[5], QStringLiteral("Mass,0.000,0.000,0.000,100.000,0.000"));
        QCOMPARE(lines[7], QStringLiteral("Pneumonia,0.000,33.333,0.000,0.000,0.000"));
        QCOMPARE(lines[14], QStringLiteral("Hernia,25.000,0.000,0.000,0.000,0.000"));
    }

    void tableAndJson()
    {
        const DatasetStats s = DatasetStats::compute(DatasetReader::readSplitLists(m_dir.path()));
        const QString table = DatasetStatsFormatter::table(s);
        QVERIFY(table.contains(QStringLiteral(
            "No Finding              25.000    33.333   100.000     0.000   100.000")));
        QVERIFY(table.contains(
            QStringLiteral("1 patients appear in more than one split: 00000003 (train+val)")));
        const QJsonObject j = DatasetStatsFormatter::json(s);
        const QJsonObject val = j.value(QStringLiteral("splits")).toArray().at(1).toObject();
        QCOMPARE(val.value(QStringLiteral("images")).toInt(), 3);
        QCOMPARE(val.value(QStringLiteral("positive_pct"))
                     .toObject()
                     .value(QStringLiteral("Pneumonia"))
                     .toDouble(),
                 33.333);
        QCOMPARE(j.value(QStringLiteral("issues")).toArray().size(), 3);
    }

    void dataEntryWithOfficialSplit()
    {
        QTemporaryDir dir;
        auto write = [&](const QString& n, const QByteArray& t) { writeFile(dir.filePath(n), t); };
        write(QStringLiteral("Data_Entry_2017.csv"),
              "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View "
              "Position,"
              "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]\n"
              "00000001_000.png,Cardiomegaly,0,1,57,M,PA,2682,2749,0.143,0.143\n"
              "00000001_001.png,Cardiomegaly|Emphysema,1,1,58,M,PA,2894,2729,0.143,0.143\n"
              "00000002_000.png,No Finding,0,2,81,F,AP,2500,2048,0.171,0.171\n"
              "00000003_000.png,Hernia|Bogus,0,3,30,F,PA,2500,2048,0.171,0.171\n");
        write(QStringLiteral("train_val_list.txt"),
              "00000001_000.png\n00000001_001.png\n00000003_000.png");
        write(QStringLiteral("test_list.txt"), "00000002_000.png");
        const DatasetStats s = DatasetStats::compute(DatasetReader::readDataEntry(
            dir.filePath(QStringLiteral("Data_Entry_2017.csv")), dir.path()));
        QCOMPARE(s.splits.size(), 2);
        QCOMPARE(s.splits[0].name, QStringLiteral("train_val"));
        QCOMPARE(s.splits[0].images, 2);
        QCOMPARE(s.splits[0].patients, 1);
        QCOMPARE(s.splits[0].percent(1), 100.0);
        QCOMPARE(s.splits[0].percent(10), 50.0);
        QCOMPARE(s.splits[0].views.value(QStringLiteral("PA")), 2);
        QCOMPARE(s.splits[0].ages, (std::vector<int>{57, 58}));
        QCOMPARE(s.splits[1].name, QStringLiteral("test"));
        QCOMPARE(s.splits[1].noFindingPercent(), 100.0);
        QCOMPARE(s.splits[1].sexes.value(QStringLiteral("F")), 1);
        QCOMPARE(s.issues.size(), 1);
        QCOMPARE(s.issues[0].line, 5);
        QVERIFY(s.issues[0].message.contains(QStringLiteral("Bogus")));
    }

    void missingListsIsAnError()
    {
        QString out, err;
        QTextStream o(&out), e(&err);
        QCOMPARE(runDatasetCommand({QStringLiteral("stats"), QStringLiteral("--lists"),
                                    QStringLiteral("/nonexistent")},
                                   o, e),
                 1);
        e.flush();
        QVERIFY(err.contains(QStringLiteral("no *_list.txt files")));
    }
};

QTEST_GUILESS_MAIN(TestDatasetStats)
#include "tst_datasetstats.moc"
