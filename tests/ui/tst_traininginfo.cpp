// A package trained by core/pytorch/chexview_pytorch/train.py records what it was trained on and its
// validation AUROC (manifest provenance.training); the Findings panel shows it.
#include "TestData.h"
#include "chexview/model/TrainingProvenance.h"
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/window/MainWindow.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

namespace {

// Shaped like train.py's export (values from a real 3-epoch run on images-256).
const char* kTraining = R"({"training": {
    "labels": "/data/nih/meta/Data_Entry_2017_v2020.csv.gz", "train_images": 48, "val_images": 16,
    "epochs": 3, "best_epoch": 2, "seed": 1,
    "validation": {"images": 16, "loss": 0.31, "mean_auroc": 0.61234,
                   "auroc": {"Hernia": 0.25, "Atelectasis": 0.7, "Cardiomegaly": null,
                             "Effusion": 1.5, "Mass": 0.5}}}})";

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestTrainingInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_traininginfo"));
        QSettings().clear();
    }

    void summary_data()
    {
        QTest::addColumn<QJsonObject>("provenance");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("table");
        QTest::newRow("trained_here")
            << json(kTraining)
            << QStringLiteral("Trained on 48 images (Data_Entry_2017_v2020.csv.gz), epoch 2 of 3 · "
                              "validation mean AUROC 0.612 (16 images)")
            // Finding order, undefined (null) and out-of-range (1.5) values left out.
            << QStringLiteral("Atelectasis 0.700\nMass 0.500\nHernia 0.250");
        QTest::newRow("published_checkpoint")
            << json(R"({"source": "arnoweng/CheXNet checkpoint", "file": "model.pth.tar"})")
            << QString() << QString();
        QTest::newRow("auroc_undefined")
            << json(R"({"training": {"labels": "lists", "train_images": 8,
                        "validation": {"images": 2, "mean_auroc": null, "auroc": {}}}})")
            << QStringLiteral("Trained on 8 images (lists) · validation AUROC not defined")
            << QString();
        QTest::newRow("wrong_types")
            << json(R"({"training": {"labels": 5, "train_images": "many", "epochs": -3,
                        "best_epoch": 1.5, "validation": [1, 2]}})")
            << QStringLiteral("Trained here · validation AUROC not defined") << QString();
    }

    void summary()
    {
        QFETCH(QJsonObject, provenance);
        QFETCH(QString, summary);
        QFETCH(QString, table);
        const TrainingProvenance t = TrainingProvenance::fromProvenance(provenance);
        QCOMPARE(t.summary(), summary);
        QCOMPARE(t.aurocTable(), table);
    }

    void panelShowsTrainedPackage_data()
    {
        QTest::addColumn<bool>("withTraining");
        QTest::newRow("trained_package") << true;
        QTest::newRow("demo_package") << false;
    }

    void panelShowsTrainedPackage()
    {
        QFETCH(bool, withTraining);
        // The fixture package (random weights) with a training record added to its manifest;
        // the manifest's hashes cover the model files, which are copied unchanged.
        QTemporaryDir dir;
        const QDir src(qEnvironmentVariable("CHEXVIEW_MODEL"));
        for (const QString& f : src.entryList(QDir::Files))
            QVERIFY(QFile::copy(src.filePath(f), dir.filePath(f)));
        QJsonObject m = QJsonDocument::fromJson(readFile(dir.filePath("manifest.json"))).object();
        if (withTraining) {
            m.insert(QStringLiteral("trained"), true);
            m.insert(QStringLiteral("provenance"), json(kTraining));
        }
        writeFile(dir.filePath("manifest.json"), QJsonDocument(m).toJson());
        QSettings().setValue(QStringLiteral("analysis/model"), dir.path());

        MainWindow w;
        w.resize(1280, 720);
        QSignalSpy loaded(w.analysis(), &AnalysisController::modelLoaded);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        auto* label = w.findingsPanel()->findChild<QLabel*>(QStringLiteral("trainingInfo"));
        QVERIFY(label);
        if (withTraining) {
            QVERIFY(w.findingsPanel()->trainingInfo().contains(
                QStringLiteral("validation mean AUROC 0.612 (16 images)")));
            QVERIFY(label->isVisible());
            QVERIFY(label->toolTip().startsWith(QStringLiteral("Atelectasis 0.700")));
            QVERIFY(!w.findingsPanel()->badgeVisible());
        } else {
            QCOMPARE(w.findingsPanel()->trainingInfo(), QString());
            QVERIFY(!label->isVisible());
            QVERIFY(w.findingsPanel()->badgeVisible());
        }
        QSettings().remove(QStringLiteral("analysis/model"));
    }
};

QTEST_MAIN(TestTrainingInfo)
#include "tst_traininginfo.moc"
