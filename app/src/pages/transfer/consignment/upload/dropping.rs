//! A folder dropped on the upload page (C.2 step 4, "folder picker / drag & drop"): its files
//! found by walking what was dropped (`webkitGetAsEntry`; a folder's reader read until it gives no
//! more, as it answers in batches), each with its path from the dropped folder, as a chosen
//! folder's `webkitRelativePath` gives it.
use js_sys::{Array, Function, Promise};
use leptos::wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry,
    FileSystemFileEntry,
};

/// One thing dropped: a folder or file the browser can walk, or (from a browser or a script that
/// gives no entries) just a file.
pub enum Dropped {
    Entry(FileSystemEntry),
    File(File),
}

/// What was dropped, read from the event while it is being handled (the browser empties its
/// `DataTransfer` afterwards).
pub fn dropped(data: &DataTransfer) -> Vec<Dropped> {
    let items = data.items();
    (0..items.length())
        .filter_map(|n| items.get(n))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| match item.webkit_get_as_entry() {
            Ok(Some(entry)) => Some(Dropped::Entry(entry)),
            _ => item.get_as_file().ok().flatten().map(Dropped::File),
        })
        .collect()
}

/// Every file dropped and in the folders dropped, each with its path (`Folder/sub/a.txt`; a file
/// dropped alone has just its name), in path order.
pub async fn files_in(dropped: Vec<Dropped>) -> Result<Vec<(File, String)>, JsValue> {
    let mut files = Vec::new();
    let mut pending = Vec::new();
    for one in dropped {
        match one {
            Dropped::Entry(entry) => pending.push(entry),
            Dropped::File(file) => {
                let name = file.name();
                files.push((file, name));
            }
        }
    }
    while let Some(entry) = pending.pop() {
        if entry.is_directory() {
            let reader = entry
                .unchecked_into::<FileSystemDirectoryEntry>()
                .create_reader();
            loop {
                let batch = read_entries(&reader).await?;
                if batch.length() == 0 {
                    break;
                }
                pending.extend(batch.iter().map(JsCast::unchecked_into::<FileSystemEntry>));
            }
        } else if entry.is_file() {
            let path = entry.full_path().trim_start_matches('/').to_owned();
            let file = file_of(entry.unchecked_ref::<FileSystemFileEntry>()).await?;
            files.push((file, path));
        }
    }
    files.sort_by(|(_, a), (_, b)| a.cmp(b));
    Ok(files)
}

/// The promise of what a callback-taking call (`success`, `failure`) gives.
async fn called_back(call: impl FnOnce(&Function, &Function)) -> Result<JsValue, JsValue> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await
}

/// The folder's next batch of entries: empty once all have been read.
async fn read_entries(reader: &FileSystemDirectoryReader) -> Result<Array, JsValue> {
    called_back(|read, failed| {
        let _ = reader.read_entries_with_callback_and_callback(read, failed);
    })
    .await
    .map(|entries| Array::from(&entries))
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    called_back(|read, failed| entry.file_with_callback_and_callback(read, failed))
        .await
        .map(JsCast::unchecked_into)
}
