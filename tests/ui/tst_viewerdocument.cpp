// The viewer document: one file, image, result, finding and heatmap at a time; a late result
// for another file is refused; the heatmap is rendered once per change and never when hidden.
#include "chexview/ui/document/ViewerDocument.h"

#include <QSignalSpy>
#include <QTest>

using namespace chexview;

namespace {

const QString kFile = QStringLiteral("/films/a.png");

XrayImagePtr image()
{
    return std::make_shared<XrayImage>(); // the document keeps it; it does not look inside
}

/// Three findings with 2x2 CAMs; finding k peaks in corner k.
AnalysisResult result(const QString& file)
{
    AnalysisResult r;
    r.file = file;
    r.labels = {QStringLiteral("Atelectasis"), QStringLiteral("Cardiomegaly"),
                QStringLiteral("Effusion")};
    r.thresholds = {0.5, 0.5, 0.5};
    r.probabilities = {0.2f, 0.7f, 0.4f};
    r.cams.values = {1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 1, 0};
    r.cams.width = r.cams.height = 2;
    r.cams.geometry.imageWidth = r.cams.geometry.imageHeight = 16;
    r.cams.geometry.crop = 16;
    return r;
}

} // namespace

class TestViewerDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lateResultForAnotherFileIsRefused()
    {
        ViewerDocument doc;
        doc.setImage(kFile, image());
        QSignalSpy changed(&doc, &ViewerDocument::resultChanged);
        QVERIFY(!doc.setResult(result(QStringLiteral("/films/b.png")), {}));
        QVERIFY(!doc.hasResult());
        QCOMPARE(changed.count(), 0);
        QVERIFY(doc.setResult(result(kFile), QJsonObject{{QStringLiteral("source"), "x"}}));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(doc.provenance().value(QStringLiteral("source")).toString(), QStringLiteral("x"));
    }

    void heatmapRenderedOncePerChange()
    {
        ViewerDocument doc;
        doc.setImage(kFile, image());
        QVERIFY(doc.setResult(result(kFile), {}));
        QCOMPARE(doc.renderCount(), 0); // no finding selected yet: nothing to render
        QSignalSpy overlay(&doc, &ViewerDocument::overlayChanged);
        doc.setFinding(1);
        QCOMPARE(doc.renderCount(), 1);
        QCOMPARE(overlay.count(), 1);
        QCOMPARE(doc.shownFinding(), 1);
        QVERIFY(!doc.overlay().image.isNull());
        QVERIFY(doc.overlayLabel().contains(QStringLiteral("Cardiomegaly")));
        // The same finding again, the same settings again: no work, no signal.
        doc.setFinding(1);
        doc.setHeatmapSettings(doc.heatmapSettings());
        QCOMPARE(doc.renderCount(), 1);
        QCOMPARE(overlay.count(), 1);
        // Finding 1 peaks in the top-right corner of its map: that corner is the brightest.
        const QImage& img = doc.overlay().image;
        QVERIFY(qAlpha(img.pixel(img.width() - 1, 0)) > qAlpha(img.pixel(0, img.height() - 1)));
        ViewerDocument::HeatmapSettings s = doc.heatmapSettings();
        s.opacity = 0.25;
        doc.setHeatmapSettings(s);
        QCOMPARE(doc.renderCount(), 2);
    }

    void hiddenHeatmapIsNotRendered()
    {
        ViewerDocument doc;
        doc.setImage(kFile, image());
        QVERIFY(doc.setResult(result(kFile), {}));
        ViewerDocument::HeatmapSettings s;
        s.visible = false;
        doc.setHeatmapSettings(s);
        doc.setFinding(2);
        QCOMPARE(doc.renderCount(), 0);
        QCOMPARE(doc.shownFinding(), -1);
        QVERIFY(doc.overlay().image.isNull());
        QVERIFY(doc.overlayLabel().isEmpty());
        s.visible = true;
        doc.setHeatmapSettings(s);
        QCOMPARE(doc.renderCount(), 1);
        QCOMPARE(doc.shownFinding(), 2);
    }

    void newImageClearsResultAndHeatmap()
    {
        ViewerDocument doc;
        doc.setImage(kFile, image());
        QVERIFY(doc.setResult(result(kFile), {}));
        doc.setFinding(0);
        QVERIFY(!doc.overlay().image.isNull());
        QSignalSpy images(&doc, &ViewerDocument::imageChanged);
        doc.setImage(QStringLiteral("/films/b.png"), image());
        QCOMPARE(images.count(), 1);
        QVERIFY(!doc.hasResult());
        QCOMPARE(doc.finding(), -1);
        QVERIFY(doc.overlay().image.isNull());
        QCOMPARE(doc.file(), QStringLiteral("/films/b.png"));
        // The previous file's late answer does not land on the new image.
        QVERIFY(!doc.setResult(result(kFile), {}));
    }
};

QTEST_MAIN(TestViewerDocument)
#include "tst_viewerdocument.moc"
