// The Stored AI results panel's Query PACS (issue 21) against the real Orthanc of the PACS tests
// (orthanc_fixture.py): an image whose report and heatmaps were stored there (and not beside
// it) gets them listed after Query PACS, retrieved into the PACS cache; a server that is down
// is reported and the panel goes on; Cancel and a new image drop the answer. No keyring (the
// session bus is absent): the node's password is in session memory, as the Query PACS dialog
// leaves it.
#include "../pacs/OrthancServer.h"
#include "TestData.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/results/MeasurementReportWriter.h"
#include "chexview/results/ParametricMapWriter.h"
#include "chexview/results/ResultSopClasses.h"
#include "chexview/results/SourceStudy.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/workflow/ApplicationThreadPool.h"
#include "chexview/workflow/PacsSession.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace chexview;

namespace {

const QString kNode = QStringLiteral("ORTHANC-TEST");

/// A 440 x 440 analysis (CR-MONO1-10-chest) with probabilities 0.05 k.
AnalysisResult handMade()
{
    AnalysisResult r;
    r.model = QStringLiteral("chexnet-pacs-test");
    r.precision = QStringLiteral("int8");
    r.device = QStringLiteral("cpu");
    r.labels = chestXray14Findings();
    r.cams.height = r.cams.width = 7;
    for (int k = 0; k < 14; ++k) {
        r.probabilities.push_back(float(0.05 * k));
        r.thresholds.push_back(0.5);
        for (int c = 0; c < 49; ++c)
            r.cams.values.push_back(c == k ? 1.0f : 0.0f);
    }
    r.cams.geometry.imageWidth = r.cams.geometry.imageHeight = 440;
    r.cams.geometry.scale = 256.0 / 440.0;
    r.cams.geometry.cropX = r.cams.geometry.cropY = 16;
    r.cams.geometry.crop = 224;
    return r;
}

void saveNodes(const QList<PacsNode>& nodes)
{
    QSettings settings;
    PacsNode::saveAll(settings, nodes);
}

int unusedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    return s.serverPort();
}

/// Waits for the PACS pool's jobs (a dropped answer leaves nothing else to wait on).
void drainPacsPool()
{
    ApplicationThreadPool::pool(QStringLiteral("chexview-pacs"), 2)->waitForDone(30000);
    QCoreApplication::processEvents();
}

} // namespace

class TestStoredResultsPacs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_image.isValid() && m_cache.isValid());
        m_path = m_image.filePath("chest.dcm");
        QVERIFY(QFile::copy(test::sharedData("dicom/CR-MONO1-10-chest.dcm"), m_path));
        m_source = SourceStudy::read(m_path);
        PacsNode node = test::webNode();
        node.name = kNode;
        const PacsSession pacs(node, PacsSession::defaultOptions(node));
        // What the study holds already (a second run on the same Orthanc), then our two.
        m_onPacs =
            int(pacs.findInstances(m_source.studyInstanceUid, ResultSopClasses::all()).size()) + 2;
        QTemporaryDir written;
        ResultProvenance p;
        p.algorithmName = QStringLiteral("chexnet-pacs-test");
        p.algorithmVersion = QStringLiteral("1");
        const AnalysisResult r = handMade();
        MeasurementReportWriter::write(r, m_source, p, written.filePath("sr.dcm"));
        ParametricMapWriter::write(r, m_source, p, written.filePath("pm.dcm"));
        pacs.store({written.filePath("sr.dcm"), written.filePath("pm.dcm")});
        // Where the Query PACS dialog leaves a typed password without a keyring.
        CredentialStore().store(kNode, node.user, node.secret);
        node.secret.clear();
        saveNodes({node});
    }
    void disabledWithoutNodeOrDicom()
    {
        saveNodes({});
        StoredResultsPanel panel;
        panel.setPacsCacheDir(m_cache.path());
        panel.setImage(m_path, 440, 440);
        QVERIFY(!panel.queryPacsButton()->isEnabled());
        QVERIFY(panel.queryPacsButton()->toolTip().contains("Save a PACS node"));
        PacsNode node = test::webNode();
        node.name = kNode;
        node.secret.clear();
        saveNodes({node});
        panel.reloadPacsNodes();
        QVERIFY(panel.queryPacsButton()->isEnabled());
        QCOMPARE(panel.pacsNodeBox()->currentText(), kNode);
        panel.setImage(test::sharedData("nih/images-256/00000075_000.png"), 256, 256);
        QVERIFY(!panel.queryPacsButton()->isEnabled());
    }
    void listsTheStudysResultsOfThisImage()
    {
        StoredResultsPanel panel;
        panel.resize(360, 600);
        panel.show();
        panel.setPacsCacheDir(m_cache.path());
        QSignalSpy scanned(&panel, &StoredResultsPanel::scanFinished);
        QSignalSpy done(&panel, &StoredResultsPanel::pacsQueryFinished);
        panel.setImage(m_path, 440, 440);
        QTRY_COMPARE(scanned.count(), 1);
        QCOMPARE(panel.resultList()->count(), 0); // nothing beside the image

        QTest::mouseClick(panel.queryPacsButton(), Qt::LeftButton);
        QVERIFY(panel.pacsQueryRunning());
        QVERIFY(panel.cancelPacsButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        QVERIFY2(done.first().at(1).toString().isEmpty(), qPrintable(panel.statusText()));
        QTRY_COMPARE(panel.resultList()->count(), m_onPacs);
        QCOMPARE(panel.statusText(),
                 QStringLiteral("%1 results on %2, %1 for this image.").arg(m_onPacs).arg(kNode));
        int reportRow = -1, mapRow = -1;
        for (int i = 0; i < panel.resultList()->count(); ++i) {
            const QString text = panel.resultList()->item(i)->text();
            if (text.startsWith("Findings (TID 1500 report): chexnet-pacs-test 1, 14 findings"))
                reportRow = i;
            if (text.startsWith("Heatmaps (Parametric Map): chexnet-pacs-test 1, 14 frames"))
                mapRow = i;
        }
        QVERIFY2(reportRow >= 0 && mapRow >= 0, "the report and the map are listed");
        panel.resultList()->setCurrentRow(reportRow);
        QVERIFY2(panel.detailsLabel()->text().contains("Cardiomegaly: 0.050 (threshold 0.500)"),
                 qPrintable(panel.detailsLabel()->text()));
        panel.resultList()->setCurrentRow(mapRow);
        QCOMPARE(panel.frameBox()->count(), 14);
        QVERIFY(!panel.overlay().image.isNull());
        // Retrieved into the cache's folder of the study, not beside the image.
        const QString folder = m_cache.filePath(m_source.studyInstanceUid);
        QCOMPARE(int(QDir(folder).entryList({"*.dcm"}, QDir::Files).size()), m_onPacs);
        QCOMPARE(QDir(m_image.path()).entryList(QDir::Files), QStringList{"chest.dcm"});

        // Again: what the cache holds is not retrieved twice, the listing is the same.
        QTest::mouseClick(panel.queryPacsButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 30000);
        QCOMPARE(panel.resultList()->count(), m_onPacs);
    }
    void serverDownIsReported_data()
    {
        QTest::addColumn<bool>("dimse");
        QTest::newRow("dicomweb") << false;
        QTest::newRow("dimse") << true;
    }
    void serverDownIsReported()
    {
        QFETCH(bool, dimse);
        PacsNode down;
        if (dimse)
            down.setDimse(QStringLiteral("NOBODY@127.0.0.1:%1").arg(unusedPort()));
        else
            down.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(unusedPort()));
        down.name = QStringLiteral("DOWN");
        saveNodes({down});
        StoredResultsPanel panel;
        panel.setPacsCacheDir(m_cache.path());
        QSignalSpy done(&panel, &StoredResultsPanel::pacsQueryFinished);
        panel.setImage(m_path, 440, 440);
        panel.queryPacs();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        QVERIFY(done.first().at(1).toString().startsWith("connection-refused: "));
        QVERIFY2(panel.statusText().startsWith("Query PACS failed: connection-refused: "),
                 qPrintable(panel.statusText()));
        QCOMPARE(panel.resultList()->count(), 0);
        // The panel goes on: the button works again, and another image is looked at.
        QVERIFY(panel.queryPacsButton()->isEnabled());
        QVERIFY(!panel.pacsQueryRunning());
        QSignalSpy scanned(&panel, &StoredResultsPanel::scanFinished);
        panel.setImage(m_path, 440, 440);
        QTRY_COMPARE(scanned.count(), 1);
    }
    void cancelAndNewImageDropTheAnswer()
    {
        PacsNode node = test::webNode();
        node.name = kNode;
        node.secret.clear();
        saveNodes({node});
        StoredResultsPanel panel;
        panel.setPacsCacheDir(m_cache.path());
        QSignalSpy done(&panel, &StoredResultsPanel::pacsQueryFinished);
        QSignalSpy scanned(&panel, &StoredResultsPanel::scanFinished);
        panel.setImage(m_path, 440, 440);
        QTRY_COMPARE(scanned.count(), 1);
        panel.queryPacs();
        QTest::mouseClick(panel.cancelPacsButton(), Qt::LeftButton);
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().at(1).toString(), QStringLiteral("cancelled"));
        QCOMPARE(panel.statusText(), QStringLiteral("Query PACS cancelled."));
        QVERIFY(panel.queryPacsButton()->isEnabled());
        drainPacsPool();
        QCOMPARE(done.count(), 1); // the job's own answer is dropped
        QCOMPARE(panel.resultList()->count(), 0);

        // A query for an image that is no longer open: its answer never shows.
        panel.queryPacs();
        QVERIFY(panel.pacsQueryRunning());
        panel.setImage(test::sharedData("dicom/CR-ModalitySequenceLUT.dcm"), 512, 512);
        QVERIFY(!panel.pacsQueryRunning());
        QTRY_COMPARE(scanned.count(), 2);
        drainPacsPool();
        QCOMPARE(done.count(), 1);
        QCOMPARE(panel.resultList()->count(), 0);
    }

private:
    QTemporaryDir m_image; ///< the image alone, its results only on the PACS
    QTemporaryDir m_cache; ///< the viewer's PACS cache
    QString m_path;
    SourceStudy m_source;
    int m_onPacs = 0;
};

QTEST_MAIN(TestStoredResultsPacs)
#include "tst_storedresults_pacs.moc"
