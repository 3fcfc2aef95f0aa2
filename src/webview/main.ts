// Entry point of the chat webview bundle (dist/webview/main.js, with its styles in main.css).
import '@vscode/codicons/dist/codicon.css';
import './styles/chat.css';
import { ChatApp } from './app';

const root = document.getElementById('root');
if (root) new ChatApp(root).start();
