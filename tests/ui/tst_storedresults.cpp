// The Stored AI results panel (issue 21): results found beside the image (chexview's own
// report and Parametric Map, and a TID 1500 report another tool wrote with pydicom), the
// report's findings shown, and a stored heatmap frame overlaid where the map says, with opacity.
#include "TestData.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/results/MeasurementReportWriter.h"
#include "chexview/results/ParametricMapWriter.h"
#include "chexview/results/SourceStudy.h"
#include "chexview/ui/results/StoredResultsPanel.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;

namespace {

/// A 1024 x 1024 analysis whose CAM of finding k is hot only in cell (k % 7, 3).
AnalysisResult handMade()
{
    AnalysisResult r;
    r.model = QStringLiteral("chexnet-test");
    r.precision = QStringLiteral("int8");
    r.device = QStringLiteral("cpu");
    r.labels = chestXray14Findings();
    r.cams.height = r.cams.width = 7;
    for (int k = 0; k < 14; ++k) {
        r.probabilities.push_back(float(0.05 * k));
        r.thresholds.push_back(0.5);
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 7; ++x)
                r.cams.values.push_back(y == k % 7 && x == 3 ? 1.0f : 0.0f);
    }
    r.cams.geometry.imageWidth = r.cams.geometry.imageHeight = 1024;
    r.cams.geometry.scale = 0.25;
    r.cams.geometry.cropX = r.cams.geometry.cropY = 16;
    r.cams.geometry.crop = 224;
    return r;
}

} // namespace

class TestStoredResults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsAndOverlays()
    {
        QTemporaryDir dir;
        const QString image = dir.filePath("image.dcm");
        QVERIFY(QFile::copy(test::sharedData("dicom/rsna_cr_jpeg_baseline.dcm"), image));
        const SourceStudy source = SourceStudy::read(image);
        const AnalysisResult r = handMade();
        ResultProvenance p;
        p.algorithmName = r.model;
        p.algorithmVersion = QStringLiteral("1");
        MeasurementReportWriter::write(r, source, p, dir.filePath("sr.dcm"));
        ParametricMapWriter::write(r, source, p, dir.filePath("pm.dcm"));
        QProcess make;
        make.start(QStringLiteral(CHEXVIEW_PYTHON),
                   {QStringLiteral(CHEXVIEW_RESULTS_TESTS "/make_independent_sr.py"), image,
                    dir.filePath("other.dcm")});
        QVERIFY(make.waitForFinished(60000) && make.exitCode() == 0);

        StoredResultsPanel panel;
        panel.resize(360, 600);
        panel.show();
        QSignalSpy scanned(&panel, &StoredResultsPanel::scanFinished);
        QSignalSpy overlays(&panel, &StoredResultsPanel::overlayChanged);
        panel.setImage(image, 1024, 1024);
        QTRY_COMPARE(scanned.count(), 1);
        QCOMPARE(scanned.first().first().toInt(), 3);
        QCOMPARE(panel.resultList()->count(), 3);
        int mapRow = -1, otherRow = -1;
        for (int i = 0; i < 3; ++i) {
            const QString text = panel.resultList()->item(i)->text();
            if (text.startsWith("Heatmaps (Parametric Map): chexnet-test"))
                mapRow = i;
            if (text.contains("OtherVendor CXR triage 2.4.1, 4 findings, 1 positive"))
                otherRow = i;
        }
        QVERIFY2(mapRow >= 0 && otherRow >= 0, "the map and the other tool's report are listed");

        // Another tool's report: its findings, thresholds and decisions.
        panel.resultList()->setCurrentRow(otherRow);
        QVERIFY2(
            panel.detailsLabel()->text().contains("Pneumothorax: 0.868 (threshold 0.300) positive"),
            qPrintable(panel.detailsLabel()->text()));
        QVERIFY(!panel.frameBox()->isEnabled());

        // The map: one frame per finding; a frame overlays where its hot cell is.
        panel.resultList()->setCurrentRow(mapRow);
        QCOMPARE(panel.frameBox()->count(), 14);
        overlays.clear();
        panel.frameBox()->setCurrentIndex(9); // Edema: hot cell (2, 3)
        QCOMPARE(overlays.count(), 1);
        const CamOverlay o = panel.overlay();
        QVERIFY(!o.image.isNull());
        QCOMPARE(o.rect, QRectF(0, 0, 1024, 1024)); // factor 4, 256 x 256 grid
        QVERIFY(overlays.first().at(1).toString().startsWith("Edema"));
        // Cell (2, 3) of the 224 crop is centred at crop (112, 80) -> image (512, 384).
        const QPoint hot(512 / 4, 384 / 4), cold(512 / 4, 896 / 4);
        const int hotAlpha = qAlpha(o.image.pixel(hot));
        QVERIFY2(hotAlpha > 100, qPrintable(QString::number(hotAlpha)));
        QCOMPARE(qAlpha(o.image.pixel(cold)), 0);
        panel.opacitySlider()->setValue(100);
        QVERIFY(qAlpha(panel.overlay().image.pixel(hot)) > hotAlpha);

        // Another image: the overlay goes away.
        overlays.clear();
        panel.setImage(test::sharedData("dicom/CR-MONO1-10-chest.dcm"), 440, 440);
        QCOMPARE(overlays.count(), 1);
        QVERIFY(panel.overlay().image.isNull());
        QTRY_COMPARE(scanned.count(), 2);
        QCOMPARE(panel.resultList()->count(), 0);
    }
};

QTEST_MAIN(TestStoredResults)
#include "tst_storedresults.moc"
