// File ▸ Query PACS… against the real Orthanc of the orthanc fixture: the dialog fills from a
// query (sortable), says what failed, and a retrieved study opens in the main window (C-GET and
// C-MOVE). With no keyring (ctest points D-Bus nowhere) a saved node's password is asked once
// per session and never written to the settings.
#include "chexview/ui/pacs/PacsQueryDialog.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;

namespace {

QJsonObject orthanc()
{
    QFile f(qEnvironmentVariable("CHEXVIEW_ORTHANC_STATE") + QStringLiteral("/server.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no Orthanc state (the orthanc_start fixture did not run)");
    return QJsonDocument::fromJson(f.readAll()).object();
}

void setField(QWidget* dialog, const char* name, const QString& text)
{
    auto* edit = dialog->findChild<QLineEdit*>(QLatin1String(name));
    QVERIFY2(edit, name);
    edit->setText(text);
}

} // namespace

class TestPacsDialog : public QObject
{
    Q_OBJECT
    MainWindow* m_window = nullptr;
    PacsQueryDialog* m_dialog = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pacsdialog"));
        QSettings().clear();
        m_window = new MainWindow;
        m_window->show();
        QAction* query = nullptr;
        for (QAction* a : m_window->findChildren<QAction*>())
            if (a->text() == QStringLiteral("Query &PACS…"))
                query = a;
        QVERIFY(query);
        query->trigger();
        m_dialog = m_window->findChild<PacsQueryDialog*>();
        QVERIFY(m_dialog);
        QVERIFY(m_dialog->isVisible());
    }
    void cleanupTestCase() { delete m_window; }

    void wrongPasswordIsExplained()
    {
        const QJsonObject s = orthanc();
        setField(m_dialog, "server",
                 QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt()));
        setField(m_dialog, "user", s.value("user").toString());
        setField(m_dialog, "password", QStringLiteral("wrong"));
        QSignalSpy failed(m_dialog, &PacsQueryDialog::failed);
        m_dialog->testConnection();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(m_dialog->statusText().contains("HTTP 401"), qPrintable(m_dialog->statusText()));
        QVERIFY(!m_dialog->statusText().contains("wrong"));
    }
    void searchFillsSortableTable_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("DICOMweb") << "dicomweb";
        QTest::newRow("DIMSE") << "dimse";
    }
    void searchFillsSortableTable()
    {
        QFETCH(QString, server);
        const QJsonObject s = orthanc();
        if (server == "dicomweb")
            setField(
                m_dialog, "server",
                QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt()));
        else
            setField(m_dialog, "server",
                     QStringLiteral("%1@127.0.0.1:%2")
                         .arg(s.value("aet").toString())
                         .arg(s.value("dicom_port").toInt()));
        setField(m_dialog, "callingAet", s.value("calling_aet").toString());
        setField(m_dialog, "password", s.value("password").toString());
        QStringList studies;
        for (const QJsonValue& v : s.value("instances").toObject())
            if (!studies.contains(v.toObject().value("study").toString()))
                studies << v.toObject().value("study").toString();
        QSignalSpy found(m_dialog, &PacsQueryDialog::searchFinished);
        m_dialog->search();
        QTRY_COMPARE(found.count(), 1);
        auto* table = m_dialog->findChild<QTableWidget*>(QStringLiteral("studies"));
        QCOMPARE(table->rowCount(), studies.size());
        table->sortItems(2, Qt::DescendingOrder); // by date
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("20190416"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("XX"));
        QCOMPARE(table->item(0, 5)->data(Qt::DisplayRole).toInt(), 1);
    }
    void retrievedStudyOpens()
    {
        auto* table = m_dialog->findChild<QTableWidget*>(QStringLiteral("studies"));
        table->sortItems(2, Qt::DescendingOrder);
        table->selectRow(0); // patient XX: the dental CR with a Modality LUT Sequence
        QSignalSpy retrieved(m_dialog, &PacsQueryDialog::studyRetrieved);
        QSignalSpy shown(m_window, &MainWindow::imageShown);
        m_dialog->retrieveSelected();
        QTRY_COMPARE_WITH_TIMEOUT(retrieved.count(), 1, 30000);
        QCOMPARE(retrieved.first().at(1).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QCOMPARE(shown.first().at(1).toBool(), true);
        QVERIFY(shown.first().at(0).toString().endsWith("999.999.01.23.45.6789.dcm"));
        QVERIFY(shown.first().at(0).toString().startsWith(retrieved.first().at(0).toString()));
    }
    void retrieveByCMove()
    {
        const QJsonObject s = orthanc();
        QTemporaryDir cache;
        PacsQueryDialog dialog(cache.path());
        setField(&dialog, "server",
                 QStringLiteral("%1@127.0.0.1:%2")
                     .arg(s.value("aet").toString())
                     .arg(s.value("dicom_port").toInt()));
        setField(&dialog, "callingAet", s.value("calling_aet").toString());
        setField(&dialog, "patientId", QStringLiteral("XX"));
        dialog.findChild<QComboBox*>(QStringLiteral("retrieveMethod"))->setCurrentIndex(1);
        dialog.findChild<QSpinBox*>(QStringLiteral("storePort"))
            ->setValue(s.value("move_port").toInt());
        QSignalSpy found(&dialog, &PacsQueryDialog::searchFinished);
        dialog.search();
        QTRY_COMPARE(found.count(), 1);
        QCOMPARE(found.first().at(0).toInt(), 1);
        QSignalSpy retrieved(&dialog, &PacsQueryDialog::studyRetrieved);
        dialog.retrieveSelected();
        QTRY_COMPARE_WITH_TIMEOUT(retrieved.count(), 1, 30000);
        QCOMPARE(retrieved.first().at(1).toInt(), 1);
        QVERIFY(QFile::exists(retrieved.first().at(0).toString() + "/999.999.01.23.45.6789.dcm"));
    }
    void savedNodePasswordAskedOncePerSession()
    {
        const QJsonObject s = orthanc();
        PacsNode saved;
        saved.name = QStringLiteral("Test Orthanc");
        saved.setDicomWeb(
            QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt()));
        saved.auth = PacsNode::Auth::Basic;
        saved.user = s.value("user").toString();
        {
            QSettings settings;
            PacsNode::saveAll(settings, {saved});
        }
        QTemporaryDir cache;
        {
            PacsQueryDialog first(cache.path());
            first.findChild<QComboBox*>()->setCurrentIndex(1); // the keyring is asked...
            QTRY_VERIFY2(first.statusText().contains("kept in memory for this session only"),
                         qPrintable(first.statusText())); // ...and answers "no keyring"
            QCOMPARE(first.findChild<QLineEdit*>(QStringLiteral("password"))->text(), QString());
            setField(&first, "password", s.value("password").toString()); // asked once
            first.testConnection();
            QTRY_VERIFY(first.statusText().contains("answered a QIDO-RS query"));
            QTRY_VERIFY(first.statusText().contains("no system keyring")); // when it answers
        }
        // A later dialog in the same session does not ask again.
        PacsQueryDialog second(cache.path());
        second.findChild<QComboBox*>()->setCurrentIndex(1);
        QTRY_COMPARE(second.findChild<QLineEdit*>(QStringLiteral("password"))->text(),
                     s.value("password").toString());
        QVERIFY2(second.statusText().contains("remembered for this session"),
                 qPrintable(second.statusText()));
        second.testConnection();
        QTRY_VERIFY(second.statusText().contains("answered a QIDO-RS query"));
        // Nothing of it in the settings.
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("Test Orthanc"));
        QVERIFY(!text.contains(s.value("password").toString().toUtf8()));
    }

    void saveNodeKeepsTheSecretOutOfTheSettings()
    {
        const QJsonObject s = orthanc();
        const QString url =
            QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt());
        QTemporaryDir cache;
        {
            PacsQueryDialog d(cache.path());
            QVERIFY(!d.saveNodeAs(QStringLiteral("  "))); // a node needs a name
            QVERIFY(d.statusText().contains(QStringLiteral("needs a name")));
            setField(&d, "server", url);
            setField(&d, "user", s.value("user").toString());
            setField(&d, "password", s.value("password").toString());
            QVERIFY(d.saveNodeAs(QStringLiteral("Saved from the dialog")));
            QVERIFY2(d.statusText().startsWith(QStringLiteral("Saved node Saved from the dialog")),
                     qPrintable(d.statusText()));
            QCOMPARE(d.findChild<QComboBox*>()->currentText(),
                     QStringLiteral("Saved from the dialog"));
        }
        QSettings settings;
        const PacsNode n = PacsNode::load(settings, QStringLiteral("Saved from the dialog"));
        QCOMPARE(n.dicomWebUrl.toString(), url);
        QCOMPARE(n.user, s.value("user").toString());
        QVERIFY(n.auth == PacsNode::Auth::Basic);
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(s.value("password").toString().toUtf8()));
        // A new dialog lists it, fills it in (secret from this session's memory) and connects.
        PacsQueryDialog again(cache.path());
        auto* nodes = again.findChild<QComboBox*>();
        const int index = nodes->findText(QStringLiteral("Saved from the dialog"));
        QVERIFY(index > 0);
        nodes->setCurrentIndex(index);
        QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("server"))->text(), url);
        QTRY_COMPARE(again.findChild<QLineEdit*>(QStringLiteral("password"))->text(),
                     s.value("password").toString());
        again.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(again.statusText().contains("answered a QIDO-RS query"), 30000);
    }
};

QTEST_MAIN(TestPacsDialog)
#include "tst_pacsdialog.moc"
