// Reading-room keyboard and screen habits: the anonymize key (not Ctrl+A; turning it off asks),
// application shortcuts while the tag search has focus, Esc back to the image, orientation
// markers after flip/rotate, the pixel readout after changing images, the first-run window.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/presentation/FindingsOverlay.h"
#include "chexview/ui/presentation/PresentationWindow.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/viewer/OrientationMarkers.h"
#include "chexview/ui/viewer/PatientOverlay.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/ui/window/ShortcutsDialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

QAction* actionNamed(const MainWindow& w, const QString& text)
{
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text)
            return a;
    return nullptr;
}

/// Answers the "Show patient identity?" question with `button` as soon as it is up, and
/// records whether the view was still anonymized while it was asked.
struct RevealAnswer
{
    QMessageBox::StandardButton button;
    bool asked = false;
    bool anonymizedWhileAsked = false;
};

void answerWhenAsked(MainWindow& w, RevealAnswer& answer)
{
    auto* poll = new QTimer(&w);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, &w, &answer] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QLatin1String("revealIdentityQuestion"))
            return;
        answer.asked = true;
        answer.anonymizedWhileAsked = w.imageView()->anonymize() && w.isAnonymized();
        box->button(answer.button)->click();
        poll->deleteLater();
    });
    poll->start(20);
}

} // namespace

class TestReadingRoom : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_readingroom"));
        QSettings().clear();
        QSettings().setValue(QStringLiteral("analysis/onOpen"), false);
        // Nothing here needs scores: no model, so no window spends seconds loading one.
        qputenv("CHEXVIEW_MODEL", QByteArray("/nonexistent/chexview-model"));
    }

    void anonymizeKeyIsNoStandardKey()
    {
        const QKeySequence key = MainWindow::anonymizeShortcut();
        QVERIFY(key != QKeySequence(QKeySequence::SelectAll));
        QVERIFY(key != QKeySequence(Qt::CTRL | Qt::Key_A));
        // No standard key of this platform (Select All, Deselect, Find, …) is bound to it.
        for (int k = QKeySequence::HelpContents; k <= QKeySequence::Cancel; ++k)
            for (const QKeySequence& bound :
                 QKeySequence::keyBindings(QKeySequence::StandardKey(k)))
                QVERIFY2(bound != key, qPrintable(QString::number(k)));
        MainWindow w;
        QCOMPARE(actionNamed(w, QStringLiteral("&Anonymize on screen"))->shortcut(), key);
        // No other action of the window shares it.
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() != QLatin1String("&Anonymize on screen"))
                QVERIFY2(!a->shortcuts().contains(key), qPrintable(a->text()));
    }

    void ctrlAInTagSearchSelectsTextOnly()
    {
        MainWindow w;
        w.setAnonymized(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")));
        QTRY_COMPARE(shown.count(), 1);
        QLineEdit* search = w.tagPanel()->searchField();
        search->setFocus();
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("Patient"));
        QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(search->selectedText(), QStringLiteral("Patient"));
        QVERIFY(w.isAnonymized());
        QVERIFY(w.imageView()->anonymize());
        // On the image too, Ctrl+A is not the anonymize key any more.
        w.imageView()->setFocus();
        QTest::keyClick(w.imageView(), Qt::Key_A, Qt::ControlModifier);
        QVERIFY(w.isAnonymized());
    }

    void anonymizeKeyAsksBeforeRevealing_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<bool>("anonymizedAfter");
        QTest::newRow("keep anonymized") << int(QMessageBox::No) << true;
        QTest::newRow("show identity") << int(QMessageBox::Yes) << false;
    }

    void anonymizeKeyAsksBeforeRevealing()
    {
        QFETCH(int, button);
        QFETCH(bool, anonymizedAfter);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")));
        QTRY_COMPARE(shown.count(), 1);
        w.imageView()->setFocus();
        // Turning it on needs no question.
        QTest::keySequence(w.imageView(), MainWindow::anonymizeShortcut());
        QVERIFY(w.isAnonymized());
        QVERIFY(w.windowTitle().contains(QStringLiteral("(anonymized)")));
        // Turning it off asks; while it asks, nothing is revealed.
        RevealAnswer answer{QMessageBox::StandardButton(button)};
        answerWhenAsked(w, answer);
        QTest::keySequence(w.imageView(), MainWindow::anonymizeShortcut());
        QVERIFY(w.isAnonymized()); // still on when the key returns: the question is queued
        QTRY_VERIFY(answer.asked);
        QVERIFY(answer.anonymizedWhileAsked);
        QTRY_COMPARE(w.isAnonymized(), anonymizedAfter);
        QCOMPARE(w.imageView()->anonymize(), anonymizedAfter);
        QCOMPARE(w.windowTitle().contains(QStringLiteral("(anonymized)")), anonymizedAfter);
    }

    void shortcutsWorkFromTagSearch()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom")));
        QTRY_COMPARE(shown.count(), 1);
        QLineEdit* search = w.tagPanel()->searchField();
        search->setFocus();
        QTRY_VERIFY(search->hasFocus());
        // Letters are search text...
        QTest::keyClicks(search, QStringLiteral("n"));
        QCOMPARE(search->text(), QStringLiteral("n"));
        QCOMPARE(w.studyList()->currentRow(), 0);
        // ...chords, function keys and paging are the application's.
        QTest::keySequence(search, MainWindow::anonymizeShortcut());
        QVERIFY(w.isAnonymized());
        QTest::keyClick(search, Qt::Key_F2); // first built-in preset
        QCOMPARE(w.imageView()->window().name(), QStringLiteral("Lung"));
        QAction* report = actionNamed(w, QStringLiteral("Export &Report (PDF)…"));
        QVERIFY(report);
        QObject::disconnect(report, nullptr, &w, nullptr); // no file dialog in the test
        QSignalSpy exported(report, &QAction::triggered);
        QTest::keyClick(search, Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(exported.count(), 1);
        QCOMPARE(search->text(), QStringLiteral("n")); // Ctrl+E did not move or edit the text
        QTest::keyClick(search, Qt::Key_PageDown);
        QTRY_COMPARE(shown.count(), 2);
        QCOMPARE(w.studyList()->currentRow(), 1);
    }

    void escapeReturnsFocusToTheImage()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")));
        QTRY_COMPARE(shown.count(), 1);
        QLineEdit* search = w.tagPanel()->searchField();
        search->setFocus();
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClick(search, Qt::Key_Escape);
        QTRY_VERIFY(w.imageView()->hasFocus());
        // Back on the image, N steps again (it was typed into the search before).
        w.studyList()->setFocus();
        QTRY_VERIFY(w.studyList()->hasFocus());
        QTest::keyClick(w.studyList(), Qt::Key_Escape);
        QTRY_VERIFY(w.imageView()->hasFocus());
    }

    void orientationMarkers_data()
    {
        QTest::addColumn<QString>("patientOrientation");
        QTest::addColumn<int>("turns");
        QTest::addColumn<bool>("flip");
        QTest::addColumn<QString>("leftRightTopBottom");
        QTest::addColumn<bool>("assumed");
        QTest::newRow("no attribute: chest convention")
            << QString() << 0 << false << QStringLiteral("RLHF") << true;
        QTest::newRow("no attribute, flipped")
            << QString() << 0 << true << QStringLiteral("LRHF") << true;
        QTest::newRow("L\\F") << QStringLiteral("L\\F") << 0 << false << QStringLiteral("RLHF")
                              << false;
        QTest::newRow("L\\F rotated 90")
            << QStringLiteral("L\\F") << 1 << false << QStringLiteral("FHRL") << false;
        QTest::newRow("L\\F rotated 180")
            << QStringLiteral("L\\F") << 2 << false << QStringLiteral("LRFH") << false;
        QTest::newRow("L\\F flipped, rotated 90")
            << QStringLiteral("L\\F") << 1 << true << QStringLiteral("FHLR") << false;
        QTest::newRow("lateral P\\F")
            << QStringLiteral("P\\F") << 0 << false << QStringLiteral("APHF") << false;
        QTest::newRow("malformed: assumed")
            << QStringLiteral("X\\Y") << 0 << false << QStringLiteral("RLHF") << true;
    }

    void orientationMarkers()
    {
        QFETCH(QString, patientOrientation);
        QFETCH(int, turns);
        QFETCH(bool, flip);
        QFETCH(QString, leftRightTopBottom);
        QFETCH(bool, assumed);
        ImageMetadata meta;
        if (!patientOrientation.isNull())
            meta.tags << DicomTagEntry{QStringLiteral("(0020,0020)"),
                                       QStringLiteral("PatientOrientation"), QStringLiteral("CS"),
                                       patientOrientation, 0};
        const OrientationMarkers m = OrientationMarkers::compute(meta, turns, flip);
        QCOMPARE(m.left + m.right + m.top + m.bottom, leftRightTopBottom);
        QCOMPARE(m.assumed, assumed);
        QCOMPARE(m.statusText().contains(QStringLiteral("flipped")), flip);
        QCOMPARE(m.statusText().contains(QStringLiteral("assumed")), assumed);
    }

    void flipAndRotateShowInStatusBar()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("other/00000001_000.png")));
        QTRY_COMPARE(shown.count(), 1);
        auto* label = w.findChild<QLabel*>(QStringLiteral("orientationStatus"));
        QVERIFY(label);
        QVERIFY2(label->text().startsWith(QStringLiteral("R ◂▸ L")), qPrintable(label->text()));
        w.imageView()->setFocus();
        QTest::keyClick(w.imageView(), Qt::Key_X);
        QVERIFY2(label->text().startsWith(QStringLiteral("L ◂▸ R")), qPrintable(label->text()));
        QVERIFY(label->text().contains(QStringLiteral("flipped")));
        QCOMPARE(w.imageView()->orientation().right, QStringLiteral("R"));
        QTest::keyClick(w.imageView(), Qt::Key_R);
        QVERIFY(label->text().contains(QStringLiteral("rotated 90°")));
        QTest::keyClick(w.imageView(), Qt::Key_Space);
        QVERIFY2(label->text().startsWith(QStringLiteral("R ◂▸ L")), qPrintable(label->text()));
        QVERIFY(!label->text().contains(QStringLiteral("flipped")));
    }

    void pixelReadoutFollowsTheImage()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom")));
        QTRY_COMPARE(shown.count(), 1);
        auto* label = w.findChild<QLabel*>(QStringLiteral("pixelStatus"));
        QVERIFY(label);
        ImageView* view = w.imageView();
        const QPoint centre = view->rect().center();
        QTest::mouseMove(view, centre);
        QTRY_VERIFY(!label->text().isEmpty());
        const QString first = label->text();
        w.studyList()->next(); // 1976-wide CR: another value under the same point
        QTRY_COMPARE(shown.count(), 2);
        QVERIFY2(label->text() != first, qPrintable(label->text()));
        // Either nothing (the cursor is not known to be over it) or this image's value there.
        if (!label->text().isEmpty()) {
            const QPointF ip = view->transform().widgetToImage(centre);
            const int x = int(ip.x()), y = int(ip.y());
            QVERIFY(label->text().startsWith(QStringLiteral("x %1 y %2  stored %3")
                                                 .arg(x)
                                                 .arg(y)
                                                 .arg(view->image()->stored().at(x, y))));
        }
    }

    void shortcutOverviewComesFromTheActions()
    {
        MainWindow w;
        const QList<ShortcutsDialog::Row> rows = ShortcutsDialog::rows(&w);
        auto find = [&rows](const QString& command) {
            for (const ShortcutsDialog::Row& r : rows)
                if (r.command == command)
                    return r;
            return ShortcutsDialog::Row{};
        };
        QCOMPARE(find(QStringLiteral("Anonymize on screen")).keys,
                 MainWindow::anonymizeShortcut().toString(QKeySequence::NativeText));
        QCOMPARE(find(QStringLiteral("Anonymize on screen")).group, QStringLiteral("View"));
        QCOMPARE(find(QStringLiteral("Length")).keys, QStringLiteral("L"));
        QCOMPARE(find(QStringLiteral("Cardiothoracic Ratio")).group, QStringLiteral("Measure"));
        QCOMPARE(find(QStringLiteral("Next Image")).keys, QStringLiteral("PgDown, N"));
        // Every action with a key is listed, and no two window-wide actions share a key.
        QSet<QString> listed;
        for (const ShortcutsDialog::Row& r : rows)
            listed.insert(r.command);
        QHash<QKeySequence, QString> owner;
        for (QAction* a : w.findChildren<QAction*>()) {
            if (a->shortcuts().isEmpty() || a->text().isEmpty())
                continue;
            QString text = a->text();
            text.remove(QLatin1Char('&'));
            text.remove(QStringLiteral("…"));
            QVERIFY2(listed.contains(text.trimmed()), qPrintable(text));
            if (a->shortcutContext() != Qt::WindowShortcut)
                continue;
            for (const QKeySequence& k : a->shortcuts()) {
                QVERIFY2(!owner.contains(k), qPrintable(k.toString() + QLatin1Char(' ') + text +
                                                        QStringLiteral(" / ") + owner.value(k)));
                owner.insert(k, text);
            }
        }
    }

    void measureWithTheMouseUndoAndPersist()
    {
        QSettings().setValue(QStringLiteral("view/anonymize"), false);
        const QString film = sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            QSignalSpy shown(&w, &MainWindow::imageShown);
            w.openPath(film);
            QTRY_COMPARE(shown.count(), 1);
            ImageView* view = w.imageView();
            MeasurementLayer* layer = view->measurements();
            layer->clear(); // a previous run's measurements of this film
            layer->undoStack()->clear();
            view->setFocus();
            const QTransform toWidget = view->transform().imageToWidget();
            auto at = [&toWidget](double x, double y) {
                return toWidget.map(QPointF(x, y)).toPoint();
            };
            // L, then drag a line across 500 image pixels.
            QTest::keyClick(view, Qt::Key_L);
            QCOMPARE(view->measureMode(), MeasurementTool::Mode::Length);
            QTest::mousePress(view, Qt::LeftButton, {}, at(100, 500));
            QTest::mouseMove(view, at(350, 500));
            QTest::mouseRelease(view, Qt::LeftButton, {}, at(600, 500));
            QCOMPARE(layer->measurements().size(), 1);
            const double mm = layer->values().value(0).values.value(0).value;
            // Pixel Spacing 0.168 mm; the mouse lands on whole widget pixels.
            QVERIFY2(std::abs(mm - 84.0) < 1.5, qPrintable(layer->values().value(0).text));
            QVERIFY(layer->values().value(0).text.endsWith(QStringLiteral(" mm")));
            auto* calibration = w.findChild<QLabel*>(QStringLiteral("calibrationStatus"));
            QCOMPARE(calibration->text(), QStringLiteral("mm"));
            // Ctrl+Z removes it, Ctrl+Shift+Z brings it back.
            QTest::keySequence(view, QKeySequence::Undo);
            QCOMPARE(layer->measurements().size(), 0);
            QTest::keySequence(view, QKeySequence::Redo);
            QCOMPARE(layer->measurements().size(), 1);
            // Dragging a handle (in any mode) moves the end; undo puts it back.
            QTest::keyClick(view, Qt::Key_V);
            const QPointF before = layer->measurements()[0].points[1];
            QTest::mousePress(view, Qt::LeftButton, {}, toWidget.map(before).toPoint());
            QTest::mouseMove(view, at(600, 700));
            QTest::mouseRelease(view, Qt::LeftButton, {}, at(600, 800));
            // Within a widget pixel (the mouse moves on whole widget pixels).
            const double tol = 1.0 / view->zoom() + 0.5;
            QVERIFY(std::abs(layer->measurements()[0].points[1].y() - 800) < tol);
            QTest::keySequence(view, QKeySequence::Undo);
            QCOMPARE(layer->measurements()[0].points[1], before);
            // C: the cardiothoracic ratio, two horizontal drags.
            QTest::keyClick(view, Qt::Key_C);
            QTest::mousePress(view, Qt::LeftButton, {}, at(320, 600));
            QTest::mouseMove(view, at(500, 620)); // held on its row
            QTest::mouseRelease(view, Qt::LeftButton, {}, at(650, 640));
            QTest::mousePress(view, Qt::LeftButton, {}, at(200, 450));
            QTest::mouseMove(view, at(500, 450));
            QTest::mouseRelease(view, Qt::LeftButton, {}, at(800, 450));
            QCOMPARE(layer->measurements().size(), 2);
            const Measurement& ctr = layer->measurements()[1];
            QCOMPARE(ctr.kind, Measurement::Kind::CardiothoracicRatio);
            QCOMPARE(ctr.points[0].y(), ctr.points[1].y());
            // 330 / 600 = 0.55 on a PA film: flagged (the text says so, the colour is red).
            QVERIFY2(layer->values()[1].text.startsWith(QStringLiteral("CTR 0.5")),
                     qPrintable(layer->values()[1].text));
            QVERIFY(layer->values()[1].flagged);
            QVERIFY(layer->values()[1].text.contains(QStringLiteral("enlarged")));
            // A: angle by three clicks.
            QTest::keyClick(view, Qt::Key_A);
            for (const QPoint& p : {at(100, 100), at(300, 100), at(300, 300)}) {
                QTest::mousePress(view, Qt::LeftButton, {}, p);
                QTest::mouseRelease(view, Qt::LeftButton, {}, p);
            }
            QCOMPARE(layer->measurements().size(), 3);
            QVERIFY2(std::abs(layer->values()[2].values[0].value - 90.0) < 1.0,
                     qPrintable(layer->values()[2].text));
            // Delete removes the selected one (the angle, just drawn).
            QTest::keyClick(view, Qt::Key_Delete);
            QCOMPARE(layer->measurements().size(), 2);
        }
        // Another window on the same film finds them again (keyed by SOP Instance UID).
        MainWindow again;
        QSignalSpy shown(&again, &MainWindow::imageShown);
        again.openPath(film);
        QTRY_COMPARE(shown.count(), 1);
        QCOMPARE(again.imageView()->measurements()->measurements().size(), 2);
        QCOMPARE(again.imageView()->measurements()->measurements()[1].kind,
                 Measurement::Kind::CardiothoracicRatio);
        again.imageView()->measurements()->clear();
    }

    void exportConfirmsAndRemembersItsFolder()
    {
        MainWindow w;
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")));
        QTRY_COMPARE(shown.count(), 1);
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        QVERIFY(w.saveExport(MainWindow::ExportKind::Report, pdf));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QCOMPARE(w.statusBar()->currentMessage(),
                 QStringLiteral("Saved r.pdf in %1").arg(QFileInfo(pdf).absolutePath()));
        QCOMPARE(w.exportFolder(), QFileInfo(pdf).absolutePath());
        QVERIFY(w.saveExport(MainWindow::ExportKind::Png, dir.filePath(QStringLiteral("i.png"))));
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Saved i.png in ")));
        // A folder that does not exist: said, and the remembered folder stays.
        QVERIFY(!w.saveExport(MainWindow::ExportKind::Report,
                              dir.filePath(QStringLiteral("missing/r.pdf"))));
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Cannot write r.pdf")));
        QCOMPARE(w.exportFolder(), QFileInfo(pdf).absolutePath());
    }

    void longOverlayLinesAreElided()
    {
        PatientOverlay::Corners c;
        c.bottomLeft << QStringLiteral("Heatmap: Effusion 0.412 (threshold 0.310) — no positive "
                                       "activation: relative map (min–max)")
                     << QStringLiteral("W 255  L 128");
        c.bottomRight << QStringLiteral("Zoom 45%");
        const QFontMetrics fm(QApplication::font());
        const PatientOverlay::Corners narrow = PatientOverlay::elided(c, fm, 400);
        QVERIFY2(narrow.bottomLeft[0].endsWith(QStringLiteral("…")),
                 qPrintable(narrow.bottomLeft[0]));
        QVERIFY(fm.horizontalAdvance(narrow.bottomLeft[0]) +
                    fm.horizontalAdvance(narrow.bottomRight[0]) + 3 * 8 <=
                400);
        QCOMPARE(narrow.bottomLeft[1], QStringLiteral("W 255  L 128")); // short: untouched
        QCOMPARE(narrow.bottomRight, c.bottomRight);
        const PatientOverlay::Corners wide = PatientOverlay::elided(c, fm, 4000);
        QCOMPARE(wide.bottomLeft, c.bottomLeft);
    }

    void findingsControlsStayWhenTheBadgeAppears()
    {
        FindingsPanel panel;
        panel.resize(360, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* device = panel.findChild<QWidget*>(QStringLiteral("deviceCombo"));
        QVERIFY(device);
        panel.setModel(QStringLiteral("trained model"), true, QString());
        QCoreApplication::processEvents();
        const int before = device->mapTo(&panel, QPoint()).y();
        panel.setModel(QStringLiteral("demo"), false, QString());
        QCoreApplication::processEvents();
        QVERIFY(panel.badgeVisible());
        QCOMPARE(device->mapTo(&panel, QPoint()).y(), before);
    }

    void presentationUsesTheMarginAndSaysWhereItIs()
    {
        PresentationWindow p;
        p.resize(1920, 1080);
        p.setImage(ImageLoader::load(sharedData(QStringLiteral("other/00000001_000.png"))));
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        QTRY_COMPARE(p.size(), QSize(1920, 1080));
        ImageView* view = p.imageView();
        const QRectF image = view->transform().imageToWidget().mapRect(
            QRectF(0, 0, view->image()->width(), view->image()->height()));
        const QRect box = p.findingsOverlay()->box();
        QVERIFY2(!box.intersects(image.toAlignedRect().adjusted(1, 1, -1, -1)),
                 qPrintable(QStringLiteral("box %1,%2 %3x%4, image left %5 right %6")
                                .arg(box.x())
                                .arg(box.y())
                                .arg(box.width())
                                .arg(box.height())
                                .arg(image.left())
                                .arg(image.right())));
        QVERIFY(box.width() >= 200);
        QVERIFY(p.statusLine().contains(QStringLiteral("auto-advance off")));
        p.setPosition(3, 12);
        p.setAutoAdvance(5);
        QCOMPARE(p.statusLine(),
                 QStringLiteral("3 of 12  ·  auto-advance on, every 5 s ([ ] change, A stops)"));
        QCOMPARE(p.findChild<QLabel*>(QStringLiteral("presentationStatus"))->text(),
                 p.statusLine());
        // Corner text about 1/40 of the screen height (it was 17 px at 1080p).
        QVERIFY2(view->font().pixelSize() >= 26,
                 qPrintable(QString::number(view->font().pixelSize())));
        p.close();
    }

    void magnifierLensFollowsTheCursor()
    {
        ImageView view;
        view.resize(800, 800);
        view.setImage(ImageLoader::load(sharedData(QStringLiteral("other/00000001_000.png"))));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPoint c(400, 380);
        QTest::mouseMove(&view, c);
        QVERIFY(view.magnifierRect().isEmpty()); // off by default
        const QImage plain = view.grab().toImage();
        view.setMagnifier(true);
        QTest::mouseMove(&view, c);
        const QRect lens = view.magnifierRect();
        QVERIFY(!lens.isEmpty());
        QVERIFY((lens.center() - c).manhattanLength() <= 2); // centred on the cursor
        const QImage magnified = view.grab().toImage();
        // The ring is drawn at the lens edge; inside, the picture differs from the plain view.
        bool ring = false; // the yellow ring within a few pixels of the lens' top edge
        for (int y = lens.top() - 2; y <= lens.top() + 3; ++y) {
            const QColor px = magnified.pixelColor(lens.center().x(), y);
            ring = ring || (px.red() > 200 && px.green() > 150 && px.blue() < 100);
        }
        QVERIFY(ring);
        int differ = 0;
        for (int dx = -lens.width() / 3; dx < lens.width() / 3; dx += 4)
            differ +=
                magnified.pixel(c.x() + dx, c.y() + 20) != plain.pixel(c.x() + dx, c.y() + 20);
        QVERIFY2(differ > 10, qPrintable(QString::number(differ)));
        // Outside the lens nothing changed.
        QCOMPARE(magnified.pixel(lens.left() - 20, lens.bottom() + 20),
                 plain.pixel(lens.left() - 20, lens.bottom() + 20));
    }

    void firstRunUsesTheWholeScreen()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.windowState().testFlag(Qt::WindowMaximized));
    }
};

QTEST_MAIN(TestReadingRoom)
#include "tst_readingroom.moc"
