#pragma once

#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyRecord.h"
#include "chexview/workflow/CancelToken.h"
#include "chexview/workflow/PacsSession.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace chexview {

/// File ▸ Query PACS…: a server (DICOMweb URL or DIMSE AET@HOST:PORT, or a node from the
/// settings), the query fields, a sortable result table, and Retrieve, which pulls the selected
/// study into the local cache and emits studyRetrieved(folder) for the main window to open.
/// Authentication: user + password (HTTP basic) or a bearer token; DIMSE retrieval by C-GET or
/// C-MOVE to chexview's own storage SCP (our AE title = the calling AE title, on the port given).
/// Test connection, search and retrieve run on the PACS pool through a PacsSession (each with
/// its own client and cancel token); Cancel, closing the dialog (Close, Escape, the window's
/// close button) and destroying it stop this dialog's job at once (a DICOMweb request within
/// 0.1 s; a DIMSE echo, find or transfer by shutting its association's socket; only a TCP
/// connect still in progress runs to its timeout). A password or token typed here goes to the
/// system keyring (CredentialStore, asynchronously), never to the settings; without a keyring it
/// is kept in memory for this session only, so it is asked once. Choosing a saved node fills it
/// back in: the keyring is read asynchronously, the dialog stays responsive meanwhile (the
/// password field says "reading keyring…", Test/Search/Retrieve wait for it, Cancel stops
/// waiting), and a dialog closed before the keyring answers is never touched by that answer.
/// "Save node…" adds the fields as a node to the settings (what `chexview-cli pacs --server
/// NAME` reads). Thread contract: GUI thread; signals come on it.
class PacsQueryDialog : public QDialog
{
    Q_OBJECT
public:
    /// `cacheDir`: where retrieved studies go (one folder per Study Instance UID).
    explicit PacsQueryDialog(const QString& cacheDir, QWidget* parent = nullptr);
    ~PacsQueryDialog() override;

    /// The node the fields describe; throws PacsError(BadArgument).
    PacsNode node() const;
    QList<StudyRecord> results() const { return m_results; }
    QString statusText() const;

    /// Saves the fields as a node of that name in the settings (replacing one of the same
    /// name; the secret goes to the keyring or session memory, never the settings) and selects
    /// it. False, with the reason in the status line, when the fields do not make a node.
    bool saveNodeAs(const QString& name);
    void testConnection();
    void search();
    void retrieveSelected();
    /// Stops the running job (and stops waiting for the keyring).
    void cancel();
    /// How long a keyring request may take before the dialog asks for the secret (10 s).
    void setKeyringTimeoutMs(int ms) { m_keyringTimeoutMs = ms; }
    /// True while a saved node's secret is being read from the keyring.
    bool readingKeyring() const { return m_readingKeyring; }
    /// Closing the dialog cancels its job.
    void done(int result) override;

Q_SIGNALS:
    void searchFinished(int studies);
    void studyRetrieved(const QString& folder, int instances);
    void failed(const QString& message);

private:
    void fillTable();
    void setBusy(bool busy);
    void setReadingKeyring(bool reading);
    void updateButtons();
    void fail(const QString& message);
    void chooseNode(int index);
    /// Puts a newly typed secret into the keyring (or session memory), asynchronously; when
    /// `savedName` is given, the status line then says where the saved node's secret went.
    /// False when there was nothing new to store.
    bool rememberSecret(const PacsNode& node, const QString& savedName = {});

    QString m_cacheDir;
    QComboBox* m_nodes;
    QLineEdit* m_server;
    QLineEdit* m_callingAet;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QComboBox* m_auth;
    QComboBox* m_retrieveMethod;
    QSpinBox* m_storePort;
    QLineEdit* m_patientName;
    QLineEdit* m_patientId;
    QLineEdit* m_accession;
    QLineEdit* m_dates;
    QLineEdit* m_modalities;
    QTableWidget* m_table;
    QLabel* m_status;
    QPushButton* m_testButton;
    QPushButton* m_searchButton;
    QPushButton* m_retrieveButton;
    QPushButton* m_cancelButton;
    QList<StudyRecord> m_results;
    QList<PacsNode> m_savedNodes;
    QString m_rememberedKey; ///< node + user whose secret the keyring already holds
    QString m_keyringNote;   ///< why the secret is only in memory ("" with a keyring)
    bool m_busy = false;
    bool m_readingKeyring = false;
    int m_keyringTimeoutMs = 10000;
    quint64 m_keyringRead = 0; ///< the current lookup; an older one's answer is ignored
    QFutureWatcher<void> m_watcher;
    CancelToken m_cancel; ///< the running job's; a new one per job, so dialogs never share one
};

} // namespace chexview
