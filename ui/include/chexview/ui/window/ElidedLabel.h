#pragma once

#include <QLabel>

namespace chexview {

/// A one-line label that never asks for more width than it is given: a long text is elided
/// at the right ("…") and the whole text is its tooltip (unless a tooltip was set). Keeps a
/// status bar or dock from growing with what it says. GUI thread only.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);
    void setFullText(const QString& text);
    QString fullText() const { return m_text; }
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void refit();
    QString m_text;
};

} // namespace chexview
