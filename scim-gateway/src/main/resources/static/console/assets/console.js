// The console's only script: copy buttons, and the shown-once dialogs opened as modal dialogs (Escape closes them).
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('button[data-copy]').forEach((button) => {
    button.addEventListener('click', async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch (e) {
        document.execCommand('copy');
      }
      button.textContent = 'Copied';
    });
  });
  document.querySelectorAll('dialog[open]').forEach((dialog) => {
    dialog.close();
    dialog.showModal();
  });
});
