// PacsQueryDialog's nodes: the node the fields describe, choosing a saved node (its secret from
// the keyring or session memory), saving the fields as a node, remembering a typed secret.
#include "PacsRunning.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/ui/pacs/PacsQueryDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>

namespace chexview {

void PacsQueryDialog::chooseNode(int index)
{
    if (index <= 0 || index > m_savedNodes.size())
        return;
    const PacsNode& n = m_savedNodes[index - 1];
    m_server->setText(n.hasDicomWeb()
                          ? n.dicomWebUrl.toString()
                          : QStringLiteral("%1@%2:%3").arg(n.calledAet, n.host).arg(n.port));
    m_callingAet->setText(n.callingAet);
    m_user->setText(n.user);
    m_auth->setCurrentIndex(n.auth == PacsNode::Auth::Bearer ? 1 : 0);
    m_storePort->setValue(n.storePort);
    m_retrieveMethod->setCurrentIndex(n.storePort > 0 ? 1 : 0);
    m_password->clear();
    m_rememberedKey.clear();
    ++m_keyringRead; // an earlier node's answer is stale now
    setReadingKeyring(false);
    if (n.auth == PacsNode::Auth::None)
        return;
    setReadingKeyring(true);
    m_status->setText(tr("Reading the credentials of %1 from the keyring…").arg(n.name));
    const quint64 read = m_keyringRead;
    const QString name = n.name;
    const QString user = n.user;
    CredentialStore(QStringLiteral("chexview"), m_keyringTimeoutMs)
        .lookupAsync(name, user, this, [this, read, name, user](const CredentialStore::Answer& a) {
            if (read != m_keyringRead) // another node chosen, or Cancel, meanwhile
                return;
            setReadingKeyring(false);
            if (a.secret) {
                m_password->setText(*a.secret);
                m_rememberedKey = name + QLatin1Char('\n') + user;
                m_status->setText(
                    a.problem.isEmpty()
                        ? tr("Credentials of %1 read from the system keyring.").arg(name)
                        : tr("Credentials of %1 remembered for this session.").arg(name));
                return;
            }
            QString where = tr("it will be kept in the system keyring");
            if (a.keyringTimedOut)
                where = tr("the keyring does not answer: kept in memory for this session only");
            else if (!a.problem.isEmpty())
                where = tr("no keyring: kept in memory for this session only");
            m_status->setText(tr("Enter the password or token of %1 (%2).").arg(name, where));
        });
}

void PacsQueryDialog::setReadingKeyring(bool reading)
{
    m_readingKeyring = reading;
    m_password->setEnabled(!reading);
    m_password->setPlaceholderText(reading ? tr("reading keyring…") : QString());
    updateButtons();
}

bool PacsQueryDialog::saveNodeAs(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        m_status->setText(tr("A saved node needs a name."));
        return false;
    }
    PacsNode n;
    try {
        n = node();
    } catch (const PacsError& e) {
        m_status->setText(tr("Not saved: %1").arg(failureText(e)));
        return false;
    }
    n.name = trimmed;
    const bool storing = rememberSecret(n, trimmed); // the status line follows its answer
    n.secret.clear();                                // never into the settings
    qsizetype index = 0;
    while (index < m_savedNodes.size() && m_savedNodes[index].name != trimmed)
        ++index;
    if (index == m_savedNodes.size()) {
        m_savedNodes.append(n);
        m_nodes->addItem(trimmed);
    } else {
        m_savedNodes[index] = n;
    }
    QSettings settings;
    PacsNode::saveAll(settings, m_savedNodes);
    {
        const QSignalBlocker block(m_nodes); // the fields already hold the node
        m_nodes->setCurrentIndex(int(index) + 1);
    }
    if (n.auth == PacsNode::Auth::None)
        m_status->setText(tr("Saved node %1.").arg(trimmed));
    else if (!storing)
        m_status->setText(tr("Saved node %1 (its secret: %2).")
                              .arg(trimmed, m_keyringNote.isEmpty()
                                                ? tr("in the system keyring")
                                                : tr("kept in memory for this session only")));
    return true;
}

bool PacsQueryDialog::rememberSecret(const PacsNode& n, const QString& savedName)
{
    const QString key = n.name + QLatin1Char('\n') + n.user;
    if (n.auth == PacsNode::Auth::None || n.secret.isEmpty() || key == m_rememberedKey)
        return false;
    m_rememberedKey = key;
    if (!savedName.isEmpty())
        m_status->setText(tr("Saved node %1 (its secret: going to the keyring…).").arg(savedName));
    // In session memory at once; the keyring's answer only says whether it is also there.
    CredentialStore(QStringLiteral("chexview"), m_keyringTimeoutMs)
        .storeAsync(
            n.name, n.user, n.secret, this, [this, savedName](const CredentialStore::Answer& a) {
                m_keyringNote = a.problem;
                if (savedName.isEmpty()) {
                    // A job still running shows the note when it ends; one that has ended
                    // already gets it now.
                    if (!m_busy && !a.problem.isEmpty() && !m_status->text().contains(a.problem))
                        m_status->setText(m_status->text() + QLatin1Char('\n') + a.problem);
                    return;
                }
                const QString pending =
                    tr("Saved node %1 (its secret: going to the keyring…).").arg(savedName);
                if (m_status->text() == pending)
                    m_status->setText(tr("Saved node %1 (its secret: %2).")
                                          .arg(savedName, a.problem.isEmpty()
                                                              ? tr("in the system keyring")
                                                              : tr("kept in memory for this "
                                                                   "session only")));
            });
    return true;
}

PacsNode PacsQueryDialog::node() const
{
    PacsNode n;
    const QString server = m_server->text().trimmed();
    if (server.startsWith(QLatin1String("http"), Qt::CaseInsensitive))
        n.setDicomWeb(server);
    else
        n.setDimse(server);
    n.name = server;
    const int saved = m_nodes->currentIndex() - 1;
    if (saved >= 0 && saved < m_savedNodes.size()) {
        const PacsNode& s = m_savedNodes[saved];
        const QString savedServer =
            s.hasDicomWeb() ? s.dicomWebUrl.toString()
                            : QStringLiteral("%1@%2:%3").arg(s.calledAet, s.host).arg(s.port);
        if (savedServer == server)
            n.name = s.name; // the keyring entry belongs to the saved node
    }
    n.callingAet = m_callingAet->text().trimmed();
    n.storePort = m_storePort->value();
    if (m_auth->currentIndex() == 1) {
        n.auth = PacsNode::Auth::Bearer;
        n.user = m_user->text();
        n.secret = m_password->text();
    } else if (!m_user->text().isEmpty()) {
        n.auth = PacsNode::Auth::Basic;
        n.user = m_user->text();
        n.secret = m_password->text();
    }
    return n;
}

} // namespace chexview
