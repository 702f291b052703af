// The study model (issue 19): grouping patient -> study -> series and the prior of each study on
// the real NIH follow-ups and on DICOM trees generated from real films
// (tests/tools/make_study_fixtures.py: dates out of folder order, extension-less files), and
// the SQLite index (reused when unchanged, stale by size + mtime, versioned schema).
#include "TestData.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/study/NihFileName.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/StudyGrouper.h"
#include "chexview/study/StudyIndex.h"
#include "chexview/study/StudyScanner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

namespace {

QString studyFixture(const QString& rel = {})
{
    return QStringLiteral(CHEXVIEW_STUDY_FIXTURES) +
           (rel.isEmpty() ? QString() : QLatin1Char('/') + rel);
}

QJsonObject expected()
{
    return QJsonDocument::fromJson(readFile(studyFixture(QStringLiteral("expected.json"))))
        .object();
}

StudyInstance dated(const QString& patient, const QString& uid, const QString& date,
                    const QString& time = {})
{
    StudyInstance i;
    i.path = QStringLiteral("/x/") + uid;
    i.patientId = patient;
    i.studyUid = uid;
    i.seriesUid = uid + QStringLiteral(".1");
    i.studyDate = date;
    i.studyTime = time;
    return i;
}

// Copies every file of `from` into `to`, keeping the relative paths.
void copyTree(const QString& from, const QString& to)
{
    QDir src(from);
    for (const QFileInfo& fi : src.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
        const QString dst = to + QLatin1Char('/') + fi.fileName();
        if (fi.isDir()) {
            QDir().mkpath(dst);
            copyTree(fi.absoluteFilePath(), dst);
        } else {
            QVERIFY(QFile::copy(fi.absoluteFilePath(), dst));
        }
    }
}

} // namespace

class TestStudy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nihFileName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("patient");
        QTest::addColumn<int>("followUp");
        QTest::newRow("first") << "00000001_000.png" << true << "00000001" << 0;
        QTest::newRow("later") << "00030650_002.PNG" << true << "00030650" << 2;
        QTest::newRow("short-patient") << "0000001_000.png" << false << "" << -1;
        QTest::newRow("letters") << "0000000a_000.png" << false << "" << -1;
        QTest::newRow("jpeg") << "00000001_000.jpg" << false << "" << -1;
        QTest::newRow("no-underscore") << "00000001-000.png" << false << "" << -1;
    }
    void nihFileName()
    {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QFETCH(QString, patient);
        QFETCH(int, followUp);
        QString p;
        int f = -1;
        QCOMPARE(NihFileName::parse(name, &p, &f), ok);
        QCOMPARE(p, patient);
        QCOMPARE(f, followUp);
    }

    // Patient 1 of NIH: Cardiomegaly, then + Emphysema, then + Effusion; Data_Entry gives the
    // views (PA) and ages (57, 58, 58).
    void nihFollowUps()
    {
        StudyScanner::Options o;
        o.labelsCsv = sharedData(QStringLiteral("nih/meta/Data_Entry_2017_v2020.csv.gz"));
        const StudyScanner::Result r =
            StudyScanner::scan({sharedData(QStringLiteral("nih/followups"))}, o);
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(r.filesSeen, 3);
        const QList<PatientStudies> patients = StudyGrouper::group(r.instances);
        QCOMPARE(patients.size(), 1);
        const PatientStudies& p = patients.first();
        QCOMPARE(p.patientId, QStringLiteral("00000001"));
        QCOMPARE(int(p.studies.size()), 3);
        const QStringList uids{QStringLiteral("00000001_000"), QStringLiteral("00000001_001"),
                               QStringLiteral("00000001_002")};
        const QStringList ages{QStringLiteral("57"), QStringLiteral("58"), QStringLiteral("58")};
        for (int k = 0; k < 3; ++k) {
            const Study& s = p.studies[size_t(k)];
            QCOMPARE(s.studyUid, uids[k]);
            QCOMPARE(s.followUp, k);
            QCOMPARE(s.priorStudyUid, k == 0 ? QString() : uids[k - 1]);
            QVERIFY(s.date.isEmpty());
            QCOMPARE(int(s.series.size()), 1);
            QCOMPARE(s.series.front().viewPosition, QStringLiteral("PA"));
            QCOMPARE(s.patientAge, ages[k]);
            QCOMPARE(s.imageCount(), 1);
        }
        // Without Data_Entry the PNGs carry no view.
        const StudyScanner::Result bare =
            StudyScanner::scan({sharedData(QStringLiteral("nih/followups"))}, {});
        QCOMPARE(int(bare.instances.size()), 3);
        QVERIFY(bare.instances.front().viewPosition.isEmpty());
    }

    // The generated tree: study order and priors by date/time, not by folder; series and views;
    // the DICOM without a StudyInstanceUID named; the text file ignored.
    void generatedTree()
    {
        const StudyScanner::Result r =
            StudyScanner::scan({studyFixture(QStringLiteral("tree"))}, {});
        const QJsonObject exp = expected();
        QCOMPARE(r.filesSeen, exp.value(QStringLiteral("files")).toInt());
        QCOMPARE(r.skipped.size(), 1);
        QVERIFY2(r.skipped.first().contains(
                     QStringLiteral("broken/no_study_uid.dcm: no valid StudyInstanceUID")),
                 qPrintable(r.skipped.first()));
        QCOMPARE(r.ignored, 1);
        const QList<PatientStudies> patients = StudyGrouper::group(r.instances);
        const QJsonObject expPatients = exp.value(QStringLiteral("patients")).toObject();
        QCOMPARE(patients.size(), expPatients.size());
        for (const PatientStudies& p : patients) {
            const QJsonArray studies = expPatients.value(p.patientId).toArray();
            QCOMPARE(int(p.studies.size()), studies.size());
            for (int k = 0; k < studies.size(); ++k) {
                const QJsonObject e = studies[k].toObject();
                const Study& s = p.studies[size_t(k)];
                QCOMPARE(s.studyUid, e.value(QStringLiteral("study_uid")).toString());
                QCOMPARE(s.date, e.value(QStringLiteral("date")).toString());
                QCOMPARE(s.priorStudyUid, e.value(QStringLiteral("prior")).toString());
                QCOMPARE(int(s.series.size()), e.value(QStringLiteral("series")).toInt());
                const QJsonArray views = e.value(QStringLiteral("views")).toArray();
                for (int v = 0; v < views.size(); ++v)
                    QCOMPARE(s.series[size_t(v)].viewPosition, views[v].toString());
            }
        }
        // The lateral series carries its laterality; the extension-less file is found.
        const Study* a = patients.first().find(QStringLiteral("1.2.826.0.1.3680043.10.1119.1.3"));
        QVERIFY(a);
        QCOMPARE(a->series[1].laterality, QStringLiteral("L"));
        QCOMPARE(a->description, QStringLiteral("CHEST PA AND LATERAL"));
        const Study* c = patients.first().find(QStringLiteral("1.2.826.0.1.3680043.10.1119.1.2"));
        QVERIFY(c);
        QVERIFY(c->series.front().instances.front().path.endsWith(QStringLiteral("deeper/IM0")));
        QCOMPARE(c->time, QStringLiteral("231000"));
    }

    // The PACS cache is scanned like a folder (its UID.dcm files).
    void instanceCache()
    {
        QTemporaryDir tmp;
        InstanceCache cache(tmp.filePath(QStringLiteral("cache")));
        const QString src = studyFixture(QStringLiteral("tree/b_visit/IMG0001.dcm"));
        const QString part = cache.newPartPath();
        QVERIFY(QFile::copy(src, part));
        const CachedInstance adopted = cache.adopt(part);
        QCOMPARE(adopted.studyInstanceUid, QStringLiteral("1.2.826.0.1.3680043.10.1119.1.1"));
        const StudyScanner::Result r = StudyScanner::scanCache(cache, {});
        QCOMPARE(int(r.instances.size()), 1);
        QCOMPARE(r.instances.front().patientId, QStringLiteral("STUDYPAT1"));
        QCOMPARE(r.instances.front().studyDate, QStringLiteral("20230105"));
    }

    void priorChoice()
    {
        // Out of order, same day different times, an exact tie, an undated study.
        const std::vector<StudyInstance> in{
            dated(QStringLiteral("P"), QStringLiteral("1.4"), QStringLiteral("20240101"),
                  QStringLiteral("120000")),
            dated(QStringLiteral("P"), QStringLiteral("1.2"), QStringLiteral("20230101"),
                  QStringLiteral("080000")),
            dated(QStringLiteral("P"), QStringLiteral("1.3"), QStringLiteral("20230101"),
                  QStringLiteral("080000")),
            dated(QStringLiteral("P"), QStringLiteral("1.1"), QStringLiteral("20221231")),
            dated(QStringLiteral("P"), QStringLiteral("1.9"), QString()),
            dated(QStringLiteral("Q"), QStringLiteral("2.1"), QStringLiteral("20200101")),
        };
        const QList<PatientStudies> g = StudyGrouper::group(in);
        QCOMPARE(g.size(), 2);
        QStringList order, priors;
        for (const Study& s : g[0].studies) {
            order << s.studyUid;
            priors << (s.priorStudyUid.isEmpty() ? QStringLiteral("-") : s.priorStudyUid);
        }
        QCOMPARE(order.join(QLatin1Char(' ')), QStringLiteral("1.9 1.1 1.2 1.3 1.4"));
        // 1.2 and 1.3 share date and time: both read against 1.1, never each other; 1.4 against
        // the later of the two by UID order (the most recent in the patient's order).
        QCOMPARE(priors.join(QLatin1Char(' ')), QStringLiteral("- - 1.1 1.1 1.3"));
        QVERIFY(g[1].studies.front().priorStudyUid.isEmpty());
    }

    // Second scan: everything from the index; a changed file is read again (size or mtime), a
    // removed file leaves the index; the result stays the same as a fresh scan.
    void indexReuseAndStale()
    {
        QTemporaryDir tmp;
        const QString tree = tmp.filePath(QStringLiteral("tree"));
        QDir().mkpath(tree);
        copyTree(studyFixture(QStringLiteral("tree")), tree);
        StudyIndex index(tmp.filePath(QStringLiteral("index/studies.sqlite")));
        QCOMPARE(index.schemaVersion(), StudyIndex::kSchemaVersion);
        StudyScanner::Options o;
        o.index = &index;
        const StudyScanner::Result first = StudyScanner::scan({tree}, o);
        QCOMPARE(first.readFiles, 9);
        QCOMPARE(first.fromIndex, 0);
        QCOMPARE(index.entryCount(),
                 8); // 7 instances + the ignored README (the broken DICOM is re-read)
        const StudyScanner::Result second = StudyScanner::scan({tree}, o);
        QCOMPARE(second.readFiles, 1); // only the unusable DICOM
        QCOMPARE(second.fromIndex, 8);
        QCOMPARE(int(second.instances.size()), int(first.instances.size()));
        for (size_t k = 0; k < first.instances.size(); ++k) {
            QCOMPARE(second.instances[k].path, first.instances[k].path);
            QCOMPARE(second.instances[k].studyUid, first.instances[k].studyUid);
            QCOMPARE(second.instances[k].studyDate, first.instances[k].studyDate);
            QCOMPARE(second.instances[k].viewPosition, first.instances[k].viewPosition);
            QCOMPARE(second.instances[k].laterality, first.instances[k].laterality);
        }
        // Replace b_visit's file by c's (other size, other study): read again, grouped anew.
        const QString b = tree + QStringLiteral("/b_visit/IMG0001.dcm");
        QVERIFY(QFile::remove(b));
        QVERIFY(QFile::copy(tree + QStringLiteral("/p2/early/IMG0001"), b));
        QVERIFY(QFile::remove(tree + QStringLiteral("/README.txt")));
        const StudyScanner::Result third = StudyScanner::scan({tree}, o);
        QCOMPARE(third.readFiles, 2);
        QCOMPARE(third.removedFromIndex, 1);
        QCOMPARE(index.entryCount(), 7);
        const QList<PatientStudies> g = StudyGrouper::group(third.instances);
        QCOMPARE(int(g[0].studies.size()), 2);                             // STUDYPAT1 lost b
        QCOMPARE(g[0].studies.front().priorStudyUid, QString());           // c is now the first
        QCOMPARE(int(g[1].studies[1].series.front().instances.size()), 2); // 2.1 has two copies
        // A file with the same size but a new mtime is stale too.
        QFile f(b);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-7200),
                              QFileDevice::FileModificationTime));
        f.close();
        QCOMPARE(StudyScanner::scan({tree}, o).readFiles, 2);
    }

    // Another schema version: the index is dropped and rebuilt, not misread.
    void indexSchemaVersion()
    {
        QTemporaryDir tmp;
        const QString db = tmp.filePath(QStringLiteral("s.sqlite"));
        {
            StudyIndex index(db);
            StudyScanner::Options o;
            o.index = &index;
            StudyScanner::scan({studyFixture(QStringLiteral("tree"))}, o);
            QCOMPARE(index.entryCount(), 8);
        }
        {
            QSqlDatabase d =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            d.setDatabaseName(db);
            QVERIFY(d.open());
            QSqlQuery q(d);
            QVERIFY(q.exec(
                QStringLiteral("UPDATE meta SET value = '999' WHERE key = 'schema_version'")));
            d.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        StudyIndex reopened(db);
        QCOMPARE(reopened.schemaVersion(), StudyIndex::kSchemaVersion);
        QCOMPARE(reopened.entryCount(), 0);
    }

    void errors()
    {
        QTemporaryDir tmp;
        writeFile(tmp.filePath(QStringLiteral("file")), "x");
        try {
            StudyIndex index(tmp.filePath(QStringLiteral("file/inside/s.sqlite")));
            QFAIL("an index under a file opened");
        } catch (const StudyError& e) {
            QCOMPARE(e.code(), StudyError::Code::IndexUnavailable);
        }
        try {
            StudyScanner::scan({tmp.filePath(QStringLiteral("missing"))}, {});
            QFAIL("a missing path scanned");
        } catch (const StudyError& e) {
            QCOMPARE(e.code(), StudyError::Code::NotFound);
            QVERIFY(e.message().contains(QStringLiteral("missing: not found")));
        }
        // A labels CSV that cannot be read: a warning, the scan goes on.
        StudyScanner::Options o;
        o.labelsCsv = tmp.filePath(QStringLiteral("nope.csv"));
        const StudyScanner::Result r =
            StudyScanner::scan({sharedData(QStringLiteral("nih/followups"))}, o);
        QCOMPARE(r.warnings.size(), 1);
        QCOMPARE(int(r.instances.size()), 3);
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
