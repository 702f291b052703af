#include "chexview/ui/pacs/PacsQueryDialog.h"
#include "PacsRunning.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/workflow/ApplicationThreadPool.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QThreadPool>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace chexview {

QThreadPool* pacsPool()
{
    return ApplicationThreadPool::pool(QStringLiteral("chexview-pacs"), 2);
}

QString failureText(const PacsError& e)
{
    if (e.code() == PacsError::Code::Cancelled)
        return e.message(); // "cancelled[; what was kept]"
    return PacsError::codeName(e.code()) + QStringLiteral(": ") + e.message();
}

PacsQueryDialog::PacsQueryDialog(const QString& cacheDir, QWidget* parent)
    : QDialog(parent), m_cacheDir(cacheDir)
{
    setWindowTitle(tr("Query PACS"));
    m_nodes = new QComboBox(this);
    m_nodes->addItem(tr("(as typed below)"));
    QSettings settings;
    m_savedNodes = PacsNode::loadAll(settings);
    for (const PacsNode& n : m_savedNodes)
        m_nodes->addItem(n.name);
    m_server = new QLineEdit(this);
    m_server->setPlaceholderText(tr("http://host:8042/dicom-web  or  AET@host:4242"));
    m_callingAet = new QLineEdit(QStringLiteral("CHEXVIEW"), this);
    m_user = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_auth = new QComboBox(this);
    m_auth->addItems({tr("User and password (HTTP basic)"), tr("Bearer token")});
    m_retrieveMethod = new QComboBox(this);
    m_retrieveMethod->addItems({tr("C-GET"), tr("C-MOVE to chexview's storage SCP")});
    m_storePort = new QSpinBox(this);
    m_storePort->setRange(0, 65535);
    m_storePort->setSpecialValueText(tr("(port)"));
    m_storePort->setMinimumWidth(100);
    m_storePort->setToolTip(tr("Where chexview listens for C-MOVE, as the PACS lists it"));
    m_patientName = new QLineEdit(this);
    m_patientId = new QLineEdit(this);
    m_accession = new QLineEdit(this);
    m_dates = new QLineEdit(this);
    m_dates->setPlaceholderText(tr("YYYYMMDD-YYYYMMDD, open ends allowed"));
    m_modalities = new QLineEdit(QStringLiteral("CR,DX"), this);
    // Object names: for tests and accessibility tools.
    m_server->setObjectName(QStringLiteral("server"));
    m_callingAet->setObjectName(QStringLiteral("callingAet"));
    m_user->setObjectName(QStringLiteral("user"));
    m_password->setObjectName(QStringLiteral("password"));
    m_auth->setObjectName(QStringLiteral("auth"));
    m_retrieveMethod->setObjectName(QStringLiteral("retrieveMethod"));
    m_storePort->setObjectName(QStringLiteral("storePort"));
    m_patientName->setObjectName(QStringLiteral("patientName"));
    m_patientId->setObjectName(QStringLiteral("patientId"));
    m_accession->setObjectName(QStringLiteral("accession"));
    m_dates->setObjectName(QStringLiteral("dates"));
    m_modalities->setObjectName(QStringLiteral("modalities"));

    auto* saveNode = new QPushButton(tr("Sa&ve node…"), this);
    saveNode->setObjectName(QStringLiteral("saveNode"));
    saveNode->setToolTip(tr("Keep these settings as a named node (the password or token goes "
                            "to the system keyring, never to the settings)"));
    auto* nodeRow = new QHBoxLayout;
    nodeRow->addWidget(m_nodes, 1);
    nodeRow->addWidget(saveNode);
    auto* form = new QFormLayout;
    form->addRow(tr("Saved node"), nodeRow);
    form->addRow(tr("Server"), m_server);
    form->addRow(tr("Calling AE title"), m_callingAet);
    form->addRow(tr("Authentication"), m_auth);
    form->addRow(tr("User (DICOMweb)"), m_user);
    form->addRow(tr("Password or token"), m_password);
    auto* retrieveRow = new QHBoxLayout;
    retrieveRow->addWidget(m_retrieveMethod, 1);
    retrieveRow->addWidget(m_storePort);
    form->addRow(tr("DIMSE retrieve"), retrieveRow);
    form->addRow(tr("Patient name"), m_patientName);
    form->addRow(tr("Patient ID"), m_patientId);
    form->addRow(tr("Accession number"), m_accession);
    form->addRow(tr("Study date"), m_dates);
    form->addRow(tr("Modalities"), m_modalities);

    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("studies"));
    m_table->setHorizontalHeaderLabels({tr("Patient"), tr("Patient ID"), tr("Date"),
                                        tr("Description"), tr("Modalities"), tr("Images")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_searchButton = new QPushButton(tr("&Search"), this);
    m_searchButton->setDefault(true);
    m_retrieveButton = new QPushButton(tr("&Retrieve and open"), this);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    auto* clearCache = new QPushButton(tr("C&lear cache"), this);
    auto* close = new QPushButton(tr("Close"), this);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b :
         {m_testButton, m_searchButton, m_retrieveButton, m_cancelButton, clearCache})
        buttons->addWidget(b);
    buttons->addStretch();
    buttons->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_nodes, &QComboBox::currentIndexChanged, this, &PacsQueryDialog::chooseNode);
    connect(saveNode, &QPushButton::clicked, this, [this] {
        const int current = m_nodes->currentIndex();
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save node"), tr("Name of this PACS node:"), QLineEdit::Normal,
            current > 0 ? m_nodes->currentText() : QString(), &ok);
        if (ok)
            saveNodeAs(name);
    });
    connect(m_testButton, &QPushButton::clicked, this, &PacsQueryDialog::testConnection);
    connect(m_searchButton, &QPushButton::clicked, this, &PacsQueryDialog::search);
    connect(m_retrieveButton, &QPushButton::clicked, this, &PacsQueryDialog::retrieveSelected);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &PacsQueryDialog::retrieveSelected);
    connect(m_cancelButton, &QPushButton::clicked, this, &PacsQueryDialog::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(clearCache, &QPushButton::clicked, this, [this] {
        int removed = 0;
        for (const QString& sub : QDir(m_cacheDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            if (InstanceCache::isValidUid(sub))
                removed += InstanceCache(m_cacheDir + QLatin1Char('/') + sub).clear();
        m_status->setText(tr("Cache cleared: %1 file(s) removed.").arg(removed));
    });
    setBusy(false);
    resize(900, 640);
}

PacsQueryDialog::~PacsQueryDialog()
{
    cancel();
    m_watcher.waitForFinished();
}

QString PacsQueryDialog::statusText() const
{
    return m_status->text();
}

void PacsQueryDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void PacsQueryDialog::updateButtons()
{
    const bool idle = !m_busy && !m_readingKeyring;
    m_testButton->setEnabled(idle);
    m_searchButton->setEnabled(idle);
    m_retrieveButton->setEnabled(idle);
    m_cancelButton->setEnabled(!idle);
}

void PacsQueryDialog::fail(const QString& message)
{
    const QLatin1String cancelled("cancelled");
    m_status->setText(message.startsWith(cancelled)
                          ? tr("Cancelled%1.").arg(message.mid(cancelled.size()))
                          : tr("Failed: %1").arg(message));
    setBusy(false);
    Q_EMIT failed(message);
}

void PacsQueryDialog::cancel()
{
    m_cancel.cancel(); // this dialog's job only: another dialog's goes on
    if (m_readingKeyring) {
        ++m_keyringRead; // its answer, when it comes, is ignored
        setReadingKeyring(false);
        m_status->setText(tr("Keyring not read: enter the password or token."));
    }
}

void PacsQueryDialog::done(int result)
{
    cancel();
    QDialog::done(result);
}

void PacsQueryDialog::testConnection()
{
    PacsNode n;
    try {
        n = node();
    } catch (const PacsError& e) {
        fail(e.message());
        return;
    }
    rememberSecret(n);
    setBusy(true);
    m_status->setText(tr("Testing %1…").arg(n.name));
    auto outcome = std::make_shared<QString>();
    auto error = std::make_shared<QString>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, outcome, error] {
        if (!error->isEmpty())
            return fail(*error);
        m_status->setText(m_keyringNote.isEmpty() ? *outcome
                                                  : *outcome + QLatin1Char('\n') + m_keyringNote);
        setBusy(false);
    });
    m_cancel = CancelToken();
    PacsSession::Options o = PacsSession::defaultOptions(n);
    o.timeoutSeconds = 15;
    m_watcher.setFuture(QtConcurrent::run(
        pacsPool(), [session = PacsSession(n, o), token = m_cancel, outcome, error] {
            try {
                *outcome = session.echo(token);
            } catch (const PacsError& e) {
                *error = failureText(e);
            }
        }));
}

void PacsQueryDialog::search()
{
    PacsNode n;
    StudyQuery q;
    try {
        n = node();
        q.patientName = m_patientName->text().trimmed();
        q.patientId = m_patientId->text().trimmed();
        q.accessionNumber = m_accession->text().trimmed();
        q.setDateRange(m_dates->text());
        q.modalities = m_modalities->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    } catch (const PacsError& e) {
        fail(e.message());
        return;
    }
    rememberSecret(n);
    setBusy(true);
    m_status->setText(tr("Searching %1…").arg(n.name));
    auto studies = std::make_shared<QList<StudyRecord>>();
    auto error = std::make_shared<QString>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, studies, error] {
        if (!error->isEmpty())
            return fail(*error);
        m_results = *studies;
        fillTable();
        m_status->setText(tr("%n study(ies) found.", nullptr, int(m_results.size())));
        setBusy(false);
        Q_EMIT searchFinished(int(m_results.size()));
    });
    m_cancel = CancelToken();
    m_watcher.setFuture(
        QtConcurrent::run(pacsPool(), [session = PacsSession(n, PacsSession::defaultOptions(n)),
                                       token = m_cancel, q, studies, error] {
            try {
                *studies = session.findStudies(q, token);
            } catch (const PacsError& e) {
                *error = failureText(e);
            }
        }));
}

void PacsQueryDialog::fillTable()
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(m_results.size()));
    for (int r = 0; r < m_results.size(); ++r) {
        const StudyRecord& s = m_results[r];
        const QStringList cells{s.patientName, s.patientId, s.studyDate, s.description,
                                s.modalities.join(QLatin1Char('\\'))};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, s.studyInstanceUid);
            m_table->setItem(r, c, item);
        }
        auto* count = new QTableWidgetItem;
        count->setData(Qt::DisplayRole, s.numberOfInstances);
        count->setData(Qt::UserRole, s.studyInstanceUid);
        m_table->setItem(r, 5, count);
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_table->columnCount() - 1; ++c) // long names must not hide the rest
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 220));
    if (!m_results.isEmpty())
        m_table->selectRow(0);
}

} // namespace chexview
