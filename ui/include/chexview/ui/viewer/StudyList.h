#pragma once

#include <QFutureWatcher>
#include <QListWidget>

namespace chexview {

/// The files of an opened folder as thumbnails, with current/next/previous.
/// Thumbnails are decoded on the thread pool and filled in as they arrive. GUI thread only;
/// destroying the list while thumbnails are being made is safe (results are dropped).
class StudyList : public QListWidget
{
    Q_OBJECT
public:
    explicit StudyList(QWidget* parent = nullptr);
    ~StudyList() override;

    /// Lists the supported files of `dir` (sorted by name); returns how many were found.
    int openFolder(const QString& dir);
    void setFiles(const QStringList& files);
    QStringList files() const { return m_files; }
    QString currentFile() const;
    void selectFile(const QString& path);
    /// Anonymized, items read "Image 3 of 12" and tooltips hide paths and decoder messages
    /// (file names often carry the patient's name or ID).
    void setAnonymize(bool on);
    bool anonymize() const { return m_anonymize; }
    /// What the UI calls a file: its name, or "Image N of M" when anonymized.
    QString displayName(int row) const;
    QString displayName(const QString& path) const;

public Q_SLOTS:
    void next();
    void previous();

Q_SIGNALS:
    void fileActivated(const QString& path);

private:
    struct Thumb
    {
        int row;
        quint64 generation;
        QImage image;
        QString error;
    };
    void startThumbnails();
    void relabel();

    QStringList m_files;
    QStringList m_errors; ///< per row, the thumbnail decoder's message (empty when fine)
    bool m_anonymize = false;
    quint64 m_generation = 0;
    QFutureWatcher<Thumb>* m_watcher = nullptr;
};

} // namespace chexview
