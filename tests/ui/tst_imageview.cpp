// ImageView: zoom, window/level and invert change what is painted; input gestures work.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/PatientOverlay.h"

#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace chexview;
using namespace chexview::test;

namespace {
int grayAt(QWidget& w, QPoint p)
{
    return qGray(w.grab().toImage().pixel(p));
}
} // namespace

class TestImageView : public QObject
{
    Q_OBJECT
    XrayImagePtr m_image;

private Q_SLOTS:
    void initTestCase() { m_image = ImageLoader::load(fixture(QStringLiteral("nih12_ele.dcm"))); }

    void emptyViewPaintsBlack()
    {
        ImageView view;
        view.resize(300, 300);
        QCOMPARE(grayAt(view, {150, 5}), 0);
    }

    void invertFlipsPaintedPixels()
    {
        ImageView view;
        view.resize(400, 400);
        view.setImage(m_image);
        const QPoint probe(200, 230);
        const int before = grayAt(view, probe);
        QSignalSpy spy(&view, &ImageView::invertChanged);
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_I);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toBool(), true);
        QVERIFY(std::abs(grayAt(view, probe) - (255 - before)) <= 1);
    }

    void windowChangesPaintedPixels()
    {
        ImageView view;
        view.resize(400, 400);
        view.setImage(m_image);
        const QPoint probe(200, 230);
        // Window entirely below the data: everything white. Entirely above: black.
        view.setWindow(VoiWindow(-100, 10));
        QCOMPARE(grayAt(view, probe), 255);
        view.setWindow(VoiWindow(10000, 10));
        QCOMPARE(grayAt(view, probe), 0);
    }

    void rightDragWindows()
    {
        ImageView view;
        view.resize(400, 400);
        view.setImage(m_image);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const VoiWindow start = view.window();
        QSignalSpy spy(&view, &ImageView::windowChanged);
        QTest::mousePress(&view, Qt::RightButton, {}, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(160, 80), view.mapToGlobal(QPointF(160, 80)),
                         Qt::NoButton, Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);
        QTest::mouseRelease(&view, Qt::RightButton, {}, QPoint(160, 80));
        QVERIFY(spy.count() >= 1);
        const VoiWindow now = view.window();
        QVERIFY(now.width() > start.width());   // dragged right: wider
        QVERIFY(now.center() > start.center()); // dragged up: level rises
    }

    void zoomKeysAndWheel()
    {
        ImageView view;
        view.resize(400, 400);
        view.setImage(m_image);
        const double fit = view.zoom();
        QCOMPARE(fit, 400.0 / 1024.0);
        const QImage before = view.grab().toImage();
        QSignalSpy spy(&view, &ImageView::zoomChanged);
        QTest::keyClick(&view, Qt::Key_Plus);
        QCOMPARE(spy.count(), 1);
        QVERIFY(std::abs(view.zoom() - fit * 1.25) < 1e-9);
        QVERIFY(view.grab().toImage() != before);
        QTest::keyClick(&view, Qt::Key_1);
        QCOMPARE(view.zoom(), 1.0);
        QWheelEvent wheel(QPointF(200, 200), view.mapToGlobal(QPointF(200, 200)), {}, {0, 120},
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(std::abs(view.zoom() - 1.15) < 1e-9);
        QTest::keyClick(&view, Qt::Key_Space);
        QCOMPARE(view.zoom(), fit);
        QCOMPARE(view.grab().toImage(), before);
    }

    void rotateAndFlipMovePixels()
    {
        ImageView view;
        view.resize(400, 400);
        view.setImage(m_image);
        const QImage before = view.grab().toImage();
        view.flipHorizontal();
        const QImage flipped = view.grab().toImage();
        QVERIFY(flipped != before);
        // Left edge of the flipped view shows what the right edge showed.
        QVERIFY(std::abs(qGray(flipped.pixel(5, 200)) - qGray(before.pixel(394, 200))) <= 2);
        view.flipHorizontal();
        view.rotateClockwise();
        view.rotateClockwise();
        const QImage rotated = view.grab().toImage();
        QVERIFY(std::abs(qGray(rotated.pixel(200, 5)) - qGray(before.pixel(199, 394))) <= 2);
    }

    void hoverReportsStoredAndModalityValue()
    {
        ImageView view;
        view.resize(512, 512);
        view.setImage(m_image);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &ImageView::pixelHovered);
        QTest::mouseMove(&view, QPoint(256, 256));
        QTRY_VERIFY(!spy.isEmpty());
        const QList<QVariant> args = spy.last();
        QVERIFY(args.at(0).toBool());
        const QPoint pos = args.at(1).toPoint();
        QCOMPARE(pos, QPoint(512, 512)); // fit scale 0.5 around the center
        QCOMPARE(args.at(2).toInt(), m_image->stored().at(512, 512));
        QCOMPARE(args.at(3).toDouble(), m_image->modalityValueAt(512, 512));
    }

    void anonymizeHidesIdentity()
    {
        const ImageMetadata& m = m_image->metadata();
        const auto shown = PatientOverlay::compose(m, false, {}, {}, 1);
        QVERIFY(shown.topLeft.join(QLatin1Char(' ')).contains(QStringLiteral("Fixture^NIH")));
        QVERIFY(shown.topRight.contains(QStringLiteral("20170101")));
        const auto hidden = PatientOverlay::compose(m, true, {}, {}, 1);
        const QString all = (hidden.topLeft + hidden.topRight).join(QLatin1Char(' '));
        QVERIFY(!all.contains(QStringLiteral("Fixture")));
        QVERIFY(!all.contains(QStringLiteral("00000129")));
        QVERIFY(!all.contains(QStringLiteral("20170101")));
        QVERIFY(all.contains(QStringLiteral("CR PA CHEST")));
    }
};

QTEST_MAIN(TestImageView)
#include "tst_imageview.moc"
